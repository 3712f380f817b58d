package io.github.solrneural.model;

import java.util.function.Predicate;

/**
 * Cuts a text to what a model can read before it is tokenised: tokenising a megabyte takes seconds
 * and hundreds of MB of native memory, all to keep its first {@code maxLength} tokens. A prefix is
 * kept once it alone has more than {@code maxLength} tokens, so it gives the same first tokens as
 * the whole text. It first tries {@value #FIRST_CUT_CHARS_PER_TOKEN} characters per token, enough
 * for prose in any script; then four times as many, and so on; at {@code maxChars} it stops, and
 * the text beyond is not read whatever its tokens. Prefixes end at a word end where the text has
 * one near the cut, so no word is split into other pieces than the whole text gives it.
 */
final class TextCut {
  static final int FIRST_CUT_CHARS_PER_TOKEN = 8;
  /** Covers even words too long for the vocabulary ([UNK], about 100 characters per token). */
  static final int DEFAULT_CHARS_PER_TOKEN = 128;
  private static final int GROWTH = 4;

  private final int firstCut;
  private final int maxChars;
  private final Predicate<String> exceedsMaxLength;

  /**
   * @param exceedsMaxLength whether a text has more tokens than the model reads
   */
  TextCut(int maxLength, int maxChars, Predicate<String> exceedsMaxLength) {
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxTokenizedChars must be at least 1, got " + maxChars);
    }
    this.maxChars = maxChars;
    this.firstCut = (int) Math.min(maxChars, (long) maxLength * FIRST_CUT_CHARS_PER_TOKEN);
    this.exceedsMaxLength = exceedsMaxLength;
  }

  static int defaultMaxChars(int maxLength) {
    return (int) Math.min(Integer.MAX_VALUE, (long) maxLength * DEFAULT_CHARS_PER_TOKEN);
  }

  int maxChars() {
    return maxChars;
  }

  /** The text, or the prefix of it that the model reads. */
  String cut(String text) {
    if (text.length() <= firstCut) {
      return text;
    }
    for (long limit = firstCut; ; limit *= GROWTH) {
      if (limit >= maxChars) {
        return text.length() <= maxChars ? text : prefix(text, maxChars);
      }
      if (text.length() <= limit) {
        return text;
      }
      String prefix = prefix(text, (int) limit);
      if (exceedsMaxLength.test(prefix)) {
        return prefix;
      }
    }
  }

  /** At most {@code limit} characters: up to the last whitespace in the second half, if any. */
  static String prefix(String text, int limit) {
    for (int end = limit; end > limit / 2; end--) {
      if (Character.isWhitespace(text.charAt(end))) {
        return text.substring(0, end);
      }
    }
    int end = limit;
    if (Character.isLowSurrogate(text.charAt(end))) {
      end--; // never split a surrogate pair
    }
    return text.substring(0, end);
  }
}
