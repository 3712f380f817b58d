package io.github.solrneural.model;

/** How an embedder turns per-token hidden states into one vector. */
public enum Pooling {
  /** Average of the hidden states of real (non-padding) tokens. */
  MEAN,
  /** Hidden state of the first token ([CLS] or &lt;s&gt;). */
  CLS;

  /** Pools hidden states [length][hidden] over the positions where mask is 1. */
  public float[] pool(float[][] hiddenStates, long[] attentionMask) {
    int hidden = hiddenStates[0].length;
    float[] pooled = new float[hidden];
    if (this == CLS) {
      System.arraycopy(hiddenStates[0], 0, pooled, 0, hidden);
      return pooled;
    }
    double[] sum = new double[hidden];
    int count = 0;
    for (int position = 0; position < hiddenStates.length; position++) {
      if (attentionMask[position] == 0) {
        continue;
      }
      count++;
      for (int j = 0; j < hidden; j++) {
        sum[j] += hiddenStates[position][j];
      }
    }
    for (int j = 0; j < hidden; j++) {
      pooled[j] = (float) (sum[j] / Math.max(1, count));
    }
    return pooled;
  }
}
