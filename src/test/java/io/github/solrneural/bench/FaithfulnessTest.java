package io.github.solrneural.bench;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class FaithfulnessTest {
  @Test
  public void theSameScoresKeepEverything() {
    float[] scores = {3, 1, 2, 0, 5, 4, 1.5f, 2.5f};
    Faithfulness same = Faithfulness.of(scores, scores.clone(), 4);
    assertEquals(2, same.windows());
    assertEquals(1.0, same.top3Agreement(), 0);
    assertEquals(1.0, same.kendallTauMean(), 0);
    assertEquals(0.0, same.maxAbsScoreDiff(), 0);
  }

  @Test
  public void aSwapAcrossTheThirdPlaceChangesTheTopSetAndTau() {
    // Window 1: the 3rd and 4th swap (top set changes); window 2: the 1st and 2nd swap (top set kept).
    float[] reference = {4, 3, 2, 1, 4, 3, 2, 1};
    float[] variant = {4, 3, 0.5f, 1, 2.9f, 3, 2, 1};
    Faithfulness measured = Faithfulness.of(reference, variant, 4);
    assertEquals(0.5, measured.top3Agreement(), 0);
    // One discordant pair of the six in each window: tau = (5 - 1) / 6.
    assertEquals(4.0 / 6, measured.kendallTauMean(), 1e-12);
    assertEquals(1.5, measured.maxAbsScoreDiff(), 1e-6);
  }

  @Test
  public void tiesCountAsTauBSays() {
    float[] a = {1, 2, 3};
    float[] b = {1, 1, 3};
    // Pairs: (0,1) tied in b only; (0,2) and (1,2) concordant: 2 / sqrt(3 * 2).
    assertEquals(2 / Math.sqrt(6), Faithfulness.kendallTauB(a, b), 1e-12);
    assertArrayEquals(new int[] {0, 1, 2}, Faithfulness.topSet(b));
  }

  @Test(expected = IllegalArgumentException.class)
  public void scoresThatDoNotFormWindowsAreRefused() {
    Faithfulness.of(new float[5], new float[5], 4);
  }
}
