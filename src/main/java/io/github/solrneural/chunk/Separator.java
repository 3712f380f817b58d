package io.github.solrneural.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A kind of boundary to split text at, from the strongest (paragraph) to the weakest (character). */
enum Separator {
  PARAGRAPH(Pattern.compile("\\n\\s*\\n")),
  LINE(Pattern.compile("\\n")),
  SENTENCE(Pattern.compile("(?<=[.!?;:])\\s+")),
  WORD(Pattern.compile("\\s+")),
  CHARACTER(null);

  private final Pattern pattern;

  Separator(Pattern pattern) {
    this.pattern = pattern;
  }

  /**
   * The offsets in [start, end) where a new piece begins. The separator stays at the start of the
   * following piece, so pieces laid end to end give back the text.
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
      if (matcher.start() > start) {
        boundaries.add(matcher.start());
      }
    }
    return boundaries;
  }
}
