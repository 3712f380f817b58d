package io.github.solrneural.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Groups sequences into batches of similar length, so short texts are not padded to long ones.
 * Each batch lists the original positions of its members. A batch holds at most {@code batchSize}
 * sequences and, once padded to its longest member, at most {@code maxBatchTokens} tokens (but
 * always at least one sequence): on a CPU, a few long sequences per pass keep the activations in
 * cache, and several passes of similar cost can run side by side.
 */
final class LengthBatches {
  private LengthBatches() {}

  static List<int[]> of(List<TokenSequence> sequences, int batchSize, int maxBatchTokens) {
    int[] byLength =
        IntStream.range(0, sequences.size())
            .boxed()
            .sorted(Comparator.comparingInt(i -> sequences.get(i).length()))
            .mapToInt(Integer::intValue)
            .toArray();
    List<int[]> batches = new ArrayList<>();
    int from = 0;
    while (from < byLength.length) {
      int to = from + 1;
      // Sorted by length: the next member is the longest, so it sets the padded width.
      while (to < byLength.length
          && to - from < batchSize
          && (long) (to - from + 1) * sequences.get(byLength[to]).length() <= maxBatchTokens) {
        to++;
      }
      batches.add(Arrays.copyOfRange(byLength, from, to));
      from = to;
    }
    return batches;
  }

  static List<TokenSequence> select(List<TokenSequence> sequences, int[] positions) {
    List<TokenSequence> selected = new ArrayList<>(positions.length);
    for (int position : positions) {
      selected.add(sequences.get(position));
    }
    return selected;
  }
}
