package io.github.solrneural.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A kind of boundary to split text at: a pattern, a literal string, or any two characters. */
final class Separator {
  static final Separator PARAGRAPH = new Separator(Pattern.compile("\\n\\s*\\n"), false);
  static final Separator LINE = new Separator(Pattern.compile("\\n"), false);
  /**
   * Whitespace after . ! ? ; or :, or the point just after 。！？； and any closing quotation marks
   * that follow them: Chinese puts no space between sentences.
   */
  static final Separator SENTENCE =
      new Separator(
          Pattern.compile(
              "(?<=[.!?;:])\\s+|(?<=[。！？；][”’」』）]{0,2})(?![。！？；”’」』）])"),
          false);
  static final Separator WORD = new Separator(Pattern.compile("\\s+"), false);
  static final Separator CHARACTER = new Separator(null, false);

  /** From the strongest boundary to the weakest. */
  static final List<Separator> DEFAULTS = List.of(PARAGRAPH, LINE, SENTENCE, WORD, CHARACTER);

  private final Pattern pattern;
  private final boolean endsPiece;

  /**
   * @param pattern null to split between any two characters
   * @param endsPiece whether a match stays at the end of the piece before it rather than at the
   *     start of the piece after it
   */
  private Separator(Pattern pattern, boolean endsPiece) {
    this.pattern = pattern;
    this.endsPiece = endsPiece;
  }

  /**
   * A literal string that stays at the end of the piece it follows, as a sentence end stays with
   * its sentence; the empty string splits between any two characters.
   */
  static Separator literal(String separator) {
    return separator.isEmpty()
        ? CHARACTER
        : new Separator(Pattern.compile(Pattern.quote(separator)), true);
  }

  boolean isCharacter() {
    return pattern == null;
  }

  /**
   * The offsets in (start, end) where a new piece begins, so pieces laid end to end give back the
   * text.
   */
  List<Integer> boundaries(String text, int start, int end) {
    List<Integer> boundaries = new ArrayList<>();
    if (pattern == null) {
      for (int i = start + 1; i < end; i++) {
        if (!Character.isLowSurrogate(text.charAt(i))) {
          boundaries.add(i);
        }
      }
      return boundaries;
    }
    Matcher matcher = pattern.matcher(text).region(start, end);
    while (matcher.find()) {
      int boundary = endsPiece ? matcher.end() : matcher.start();
      if (boundary > start && boundary < end) {
        boundaries.add(boundary);
      }
    }
    return boundaries;
  }
}
