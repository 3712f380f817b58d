package io.github.solrneural.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.jni.CharSpan;

/**
 * The tokenizers library's truncation, done here on an untruncated encoding, so that one native
 * tokenizer serves single texts and both ways of cutting a pair. The library cuts each sequence
 * before its template adds the special tokens, which only surround the sequences: dropping a
 * sequence's last tokens from the finished encoding gives the same ids and type ids.
 */
final class Truncation {
  /** The sequence id the tokenizer gives the tokens its template adds. */
  private static final long TEMPLATE = -1;

  private final Encoding encoding;
  private final int[] kept = new int[2];
  private final int sequenceTokens;

  private Truncation(Encoding encoding, int maxLength, boolean pair) {
    this.encoding = encoding;
    int[] lengths = new int[2];
    for (long sequence : encoding.getSequenceIds()) {
      if (sequence != TEMPLATE) {
        lengths[(int) sequence]++;
      }
    }
    sequenceTokens = lengths[0] + lengths[1];
    int room = Math.max(0, maxLength - (encoding.getIds().length - lengths[0] - lengths[1]));
    kept[0] = lengths[0];
    kept[1] = lengths[1];
    if (lengths[0] + lengths[1] <= room) {
      return;
    }
    if (!pair) {
      kept[0] = room;
    } else if (lengths[0] < room) {
      kept[1] = room - lengths[0]; // only the passage: the query leaves it room
    } else {
      longestFirst(lengths, room);
    }
  }

  /** Keeps the first tokens of a text so that it fits the max length. */
  static Truncation ofText(Encoding encoding, int maxLength) {
    return new Truncation(encoding, maxLength, false);
  }

  /**
   * Keeps the whole query and the first tokens of the passage, if the query leaves the passage
   * room; otherwise cuts the longer of the two, and both to half the room if both are long.
   */
  static Truncation ofPair(Encoding encoding, int maxLength) {
    return new Truncation(encoding, maxLength, true);
  }

  /** The library's longest_first: the shorter sequence keeps what it can, up to half the room. */
  private void longestFirst(int[] lengths, int room) {
    boolean swap = lengths[0] > lengths[1];
    int shorter = swap ? lengths[1] : lengths[0];
    int longer = shorter > room ? shorter : Math.max(shorter, room - shorter);
    if (shorter + longer > room) {
      shorter = room / 2;
      longer = shorter + room % 2;
    }
    kept[0] = Math.min(lengths[0], swap ? longer : shorter);
    kept[1] = Math.min(lengths[1], swap ? shorter : longer);
  }

  /** The kept tokens, and whether any was dropped or the text was cut before tokenising. */
  TokenSequence toSequence(boolean textCut) {
    long[] ids = encoding.getIds();
    long[] typeIds = encoding.getTypeIds();
    long[] sequences = encoding.getSequenceIds();
    int total = ids.length - dropped();
    long[] keptIds = new long[total];
    long[] keptTypeIds = new long[total];
    int[] seen = new int[2];
    int next = 0;
    for (int i = 0; i < ids.length; i++) {
      if (keeps(sequences[i], seen)) {
        keptIds[next] = ids[i];
        keptTypeIds[next] = typeIds[i];
        next++;
      }
    }
    return new TokenSequence(keptIds, keptTypeIds, textCut || dropped() > 0);
  }

  /** Where the last kept token of the text ends, in code points; 0 if it has none. */
  int endOfKeptText() {
    CharSpan[] spans = encoding.getCharTokenSpans();
    long[] sequences = encoding.getSequenceIds();
    int[] seen = new int[2];
    int end = 0;
    for (int i = 0; i < spans.length; i++) {
      if (keeps(sequences[i], seen) && sequences[i] != TEMPLATE && spans[i] != null) {
        end = Math.max(end, spans[i].getEnd());
      }
    }
    return end;
  }

  boolean dropsTokens() {
    return dropped() > 0;
  }

  private int dropped() {
    return sequenceTokens - kept[0] - kept[1];
  }

  /** Whether the next token, of the given sequence, is kept; counts it in {@code seen}. */
  private boolean keeps(long sequence, int[] seen) {
    if (sequence == TEMPLATE) {
      return true;
    }
    return seen[(int) sequence]++ < kept[(int) sequence];
  }
}
