package io.github.solrneural.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

public class LengthBatchesTest {
  private static List<TokenSequence> ofLengths(int... lengths) {
    List<TokenSequence> sequences = new ArrayList<>();
    for (int length : lengths) {
      sequences.add(new TokenSequence(new long[length], new long[length], false));
    }
    return sequences;
  }

  @Test
  public void batchesHoldSimilarLengthsWithinBothLimits() {
    List<TokenSequence> sequences = ofLengths(100, 10, 250, 12, 11, 240, 30, 31, 29, 13);
    List<int[]> batches = LengthBatches.of(sequences, 4, 256);
    // Sorted by length: 10 11 12 13 | 29 30 31 | 100 | 240 | 250
    assertEquals(5, batches.size());
    assertArrayEquals(new int[] {1, 4, 3, 9}, batches.get(0)); // four of at most 13: batchSize caps it
    assertArrayEquals(new int[] {8, 6, 7}, batches.get(1)); // a fourth (100) would pad to 400 > 256
    assertArrayEquals(new int[] {0}, batches.get(2));
    assertArrayEquals(new int[] {5}, batches.get(3));
    assertArrayEquals(new int[] {2}, batches.get(4));
    int[] seen = batches.stream().flatMapToInt(Arrays::stream).sorted().toArray();
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, seen);
  }

  @Test
  public void aSequenceLongerThanTheTokenLimitRunsAlone() {
    List<int[]> batches = LengthBatches.of(ofLengths(300, 300, 5), 16, 256);
    assertEquals(3, batches.size());
    for (int[] batch : batches) {
      assertTrue(batch.length == 1);
    }
  }
}
