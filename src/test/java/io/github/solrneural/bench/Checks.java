package io.github.solrneural.bench;

import io.github.solrneural.testing.Vectors;

/** Output checks done before anything is timed: a contender that computes something else is not timed. */
final class Checks {
  static final double SCORE_TOLERANCE = 1e-4;
  static final double MIN_COSINE = 0.99999;

  private Checks() {}

  static double maxAbsDifference(float[] actual, float[] expected) {
    if (actual.length != expected.length) {
      throw new IllegalStateException(actual.length + " scores, expected " + expected.length);
    }
    double max = 0;
    for (int i = 0; i < actual.length; i++) {
      max = Math.max(max, Math.abs(actual[i] - expected[i]));
    }
    return max;
  }

  /** Fails unless the scores match the reference within {@link #SCORE_TOLERANCE}; returns the gap. */
  static double requireScores(String contender, float[] actual, float[] reference) {
    double difference = maxAbsDifference(actual, reference);
    if (difference > SCORE_TOLERANCE) {
      throw new IllegalStateException(
          contender + " differs from the reference scores by " + difference + " (allowed "
              + SCORE_TOLERANCE + "); it would not be timed on the same computation");
    }
    return difference;
  }

  static double minCosine(float[][] actual, float[][] expected) {
    if (actual.length != expected.length) {
      throw new IllegalStateException(actual.length + " vectors, expected " + expected.length);
    }
    double min = 1;
    for (int i = 0; i < actual.length; i++) {
      min = Math.min(min, Vectors.cosine(actual[i], expected[i]));
    }
    return min;
  }

  static double requireVectors(String contender, float[][] actual, float[][] reference) {
    double cosine = minCosine(actual, reference);
    if (!(cosine >= MIN_COSINE)) {
      throw new IllegalStateException(
          contender + " vectors have cosine " + cosine + " with the reference (needed "
              + MIN_COSINE + "); it would not be timed on the same computation");
    }
    return cosine;
  }
}
