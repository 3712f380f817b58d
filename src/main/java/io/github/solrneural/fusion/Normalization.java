package io.github.solrneural.fusion;

/** How linear fusion brings one sub-query's scores to a common scale, over its collected hits. */
public enum Normalization {
  /**
   * (score - min) / (max - min); a list whose scores are all equal (one hit, say) gives each 1,
   * as each ties for the best.
   */
  MINMAX,
  /** score / sqrt(sum of squared scores); 0 when every score is 0. */
  L2;

  /** The normalised scores of one list, in its order. */
  double[] apply(float[] scores) {
    double[] normalised = new double[scores.length];
    if (this == MINMAX) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (float score : scores) {
        min = Math.min(min, score);
        max = Math.max(max, score);
      }
      for (int i = 0; i < scores.length; i++) {
        normalised[i] = max > min ? (scores[i] - min) / (max - min) : 1.0;
      }
      return normalised;
    }
    double squares = 0;
    for (float score : scores) {
      squares += (double) score * score;
    }
    double norm = Math.sqrt(squares);
    for (int i = 0; i < scores.length; i++) {
      normalised[i] = norm > 0 ? scores[i] / norm : 0.0;
    }
    return normalised;
  }
}
