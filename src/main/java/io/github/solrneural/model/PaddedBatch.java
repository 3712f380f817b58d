package io.github.solrneural.model;

import java.util.List;

/**
 * Sequences right-padded to the longest member of the batch with the tokenizer's pad id (see
 * {@link PadId}), with their masks; token types are padded with 0.
 */
public final class PaddedBatch {
  private final long[][] ids;
  private final long[][] typeIds;
  private final long[][] attentionMask;
  private final int truncatedCount;

  private PaddedBatch(long[][] ids, long[][] typeIds, long[][] attentionMask, int truncatedCount) {
    this.ids = ids;
    this.typeIds = typeIds;
    this.attentionMask = attentionMask;
    this.truncatedCount = truncatedCount;
  }

  public static PaddedBatch of(List<TokenSequence> sequences, long padId) {
    int width = 0;
    for (TokenSequence sequence : sequences) {
      width = Math.max(width, sequence.length());
    }
    int size = sequences.size();
    long[][] ids = new long[size][width];
    long[][] typeIds = new long[size][width];
    long[][] mask = new long[size][width];
    int truncated = 0;
    for (int i = 0; i < size; i++) {
      TokenSequence sequence = sequences.get(i);
      truncated += sequence.truncated() ? 1 : 0;
      System.arraycopy(sequence.ids(), 0, ids[i], 0, sequence.length());
      java.util.Arrays.fill(ids[i], sequence.length(), width, padId);
      System.arraycopy(sequence.typeIds(), 0, typeIds[i], 0, sequence.length());
      java.util.Arrays.fill(mask[i], 0, sequence.length(), 1L);
    }
    return new PaddedBatch(ids, typeIds, mask, truncated);
  }

  /** Members that were cut to the model's max length. */
  public int truncatedCount() {
    return truncatedCount;
  }

  public int size() {
    return ids.length;
  }

  public int width() {
    return ids.length == 0 ? 0 : ids[0].length;
  }

  public long[][] ids() {
    return ids;
  }

  public long[][] typeIds() {
    return typeIds;
  }

  public long[][] attentionMask() {
    return attentionMask;
  }
}
