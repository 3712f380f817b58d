package io.github.solrneural.model;

import java.util.Locale;

/** What a model computes: a vector for one text, or a relevance score for a (query, passage) pair. */
public enum ModelKind {
  EMBEDDING,
  CROSS_ENCODER;

  public static ModelKind parse(String value) {
    String normalised = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    switch (normalised) {
      case "embedding":
      case "embedder":
        return EMBEDDING;
      case "cross_encoder":
      case "crossencoder":
      case "reranker":
        return CROSS_ENCODER;
      default:
        throw new IllegalArgumentException(
            "unknown model kind '" + value + "', expected 'embedding' or 'cross-encoder'");
    }
  }

  public String label() {
    return this == EMBEDDING ? "embedding" : "cross-encoder";
  }
}
