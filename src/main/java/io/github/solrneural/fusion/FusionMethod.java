package io.github.solrneural.fusion;

/** How the sub-queries' rankings are fused. */
public enum FusionMethod {
  /** Reciprocal rank fusion: the sum of weight / (k + rank) over the lists a document is in. */
  RRF,
  /** The sum of weight * normalised score over the lists a document is in. */
  LINEAR
}
