package io.github.solrneural.model;

/** How an embedder turns per-token hidden states into one vector. */
public enum Pooling {
  /** Average of the hidden states of real (non-padding) tokens. */
  MEAN,
  /** Hidden state of the first token ([CLS] or &lt;s&gt;). */
  CLS;

  /**
   * Pools hidden states [batch, width, hidden], row-major, over each row's real tokens (where its
   * mask is 1), in place of the tensor: [batch, hidden], row-major.
   */
  public float[] pool(float[] states, int batch, int width, int hidden, long[][] attentionMask) {
    float[] pooled = new float[batch * hidden];
    double[] sum = new double[hidden];
    for (int row = 0; row < batch; row++) {
      int rowStart = row * width * hidden;
      if (this == CLS) {
        System.arraycopy(states, rowStart, pooled, row * hidden, hidden);
        continue;
      }
      java.util.Arrays.fill(sum, 0);
      int count = 0;
      for (int position = 0; position < width; position++) {
        if (attentionMask[row][position] == 0) {
          continue;
        }
        count++;
        int offset = rowStart + position * hidden;
        for (int j = 0; j < hidden; j++) {
          sum[j] += states[offset + j];
        }
      }
      for (int j = 0; j < hidden; j++) {
        pooled[row * hidden + j] = (float) (sum[j] / Math.max(1, count));
      }
    }
    return pooled;
  }
}
