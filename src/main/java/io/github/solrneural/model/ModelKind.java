package io.github.solrneural.model;

/** What a model computes: a vector for one text, or a relevance score for a (query, passage) pair. */
public enum ModelKind {
  EMBEDDING,
  CROSS_ENCODER;

  public String label() {
    return this == EMBEDDING ? "embedding" : "cross-encoder";
  }
}
