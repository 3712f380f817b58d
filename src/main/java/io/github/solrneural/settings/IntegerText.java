package io.github.solrneural.settings;

/**
 * An integer as written: an optional sign and ASCII digits, read in one pass however long (a client
 * may send megabytes of digits). A value beyond the range of long is read as the nearest long and
 * marked {@code beyondLong}.
 *
 * @param value the value, or the nearest long to it
 * @param beyondLong whether the written value lies outside the range of long
 */
record IntegerText(long value, boolean beyondLong) {

  /** The integer written, or null when the text is not one. */
  static IntegerText parse(String text) {
    int length = text.length();
    boolean negative = length > 0 && text.charAt(0) == '-';
    int start = length > 0 && (negative || text.charAt(0) == '+') ? 1 : 0;
    if (start == length) {
      return null;
    }
    // Accumulated negatively: Long.MIN_VALUE has no positive counterpart.
    long negated = 0;
    boolean beyond = false;
    for (int i = start; i < length; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      int digit = c - '0';
      if (beyond || negated < (Long.MIN_VALUE + digit) / 10) {
        beyond = true;
      } else {
        negated = negated * 10 - digit;
      }
    }
    if (negative) {
      return new IntegerText(beyond ? Long.MIN_VALUE : negated, beyond);
    }
    boolean above = beyond || negated == Long.MIN_VALUE;
    return new IntegerText(above ? Long.MAX_VALUE : -negated, above);
  }
}
