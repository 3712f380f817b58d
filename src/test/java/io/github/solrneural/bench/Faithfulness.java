package io.github.solrneural.bench;

import java.util.Arrays;

/**
 * How well a reduced-precision model keeps the float32 model's ranking within each candidate
 * window: the share of windows whose top 3 (as a set) is the same, the mean Kendall tau-b between
 * the two orders of each window, and the largest score difference over all pairs. Windows are
 * consecutive runs of {@code windowSize} scores in both arrays.
 */
record Faithfulness(double top3Agreement, double kendallTauMean, double maxAbsScoreDiff, int windows) {
  static final int TOP = 3;

  static Faithfulness of(float[] reference, float[] variant, int windowSize) {
    if (reference.length != variant.length || reference.length % windowSize != 0) {
      throw new IllegalArgumentException(
          "scores of " + reference.length + " and " + variant.length + " pairs do not form windows of " + windowSize);
    }
    int windows = reference.length / windowSize;
    int sameTop = 0;
    double tauSum = 0;
    double maxDiff = 0;
    for (int w = 0; w < windows; w++) {
      float[] a = Arrays.copyOfRange(reference, w * windowSize, (w + 1) * windowSize);
      float[] b = Arrays.copyOfRange(variant, w * windowSize, (w + 1) * windowSize);
      if (Arrays.equals(topSet(a), topSet(b))) {
        sameTop++;
      }
      tauSum += kendallTauB(a, b);
      for (int i = 0; i < windowSize; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
      }
    }
    return new Faithfulness((double) sameTop / windows, tauSum / windows, maxDiff, windows);
  }

  /** Positions of the top 3 scores, sorted; a tie goes to the earlier (nearer) candidate. */
  static int[] topSet(float[] scores) {
    Integer[] order = new Integer[scores.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (x, y) -> scores[x] != scores[y] ? Float.compare(scores[y], scores[x]) : Integer.compare(x, y));
    int[] top = new int[Math.min(TOP, scores.length)];
    for (int i = 0; i < top.length; i++) {
      top[i] = order[i];
    }
    Arrays.sort(top);
    return top;
  }

  /** Kendall's tau-b: concordant minus discordant pairs over the pairs not tied in each order. */
  static double kendallTauB(float[] a, float[] b) {
    long concordant = 0;
    long discordant = 0;
    long tiedA = 0;
    long tiedB = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = i + 1; j < a.length; j++) {
        int x = Float.compare(a[i], a[j]);
        int y = Float.compare(b[i], b[j]);
        if (x == 0 && y == 0) {
          continue;
        } else if (x == 0) {
          tiedA++;
        } else if (y == 0) {
          tiedB++;
        } else if (x == y) {
          concordant++;
        } else {
          discordant++;
        }
      }
    }
    double denominator = Math.sqrt((double) (concordant + discordant + tiedA) * (concordant + discordant + tiedB));
    return denominator == 0 ? 1 : (concordant - discordant) / denominator;
  }
}
