package io.github.solrneural.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Groups sequences into batches of similar length, so short texts are not padded to long ones.
 * Each batch lists the original positions of its members.
 */
final class LengthBatches {
  private LengthBatches() {}

  static List<int[]> of(List<TokenSequence> sequences, int batchSize) {
    int[] byLength =
        IntStream.range(0, sequences.size())
            .boxed()
            .sorted(Comparator.comparingInt(i -> sequences.get(i).length()))
            .mapToInt(Integer::intValue)
            .toArray();
    List<int[]> batches = new ArrayList<>();
    for (int from = 0; from < byLength.length; from += batchSize) {
      int to = Math.min(byLength.length, from + batchSize);
      int[] batch = new int[to - from];
      System.arraycopy(byLength, from, batch, 0, batch.length);
      batches.add(batch);
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
