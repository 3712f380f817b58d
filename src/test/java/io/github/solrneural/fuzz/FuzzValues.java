package io.github.solrneural.fuzz;

import java.util.List;
import java.util.Random;

/** Random plain values and the mutations of a parameter's value, drawn from one seeded Random. */
final class FuzzValues {
  static final int ONE_MEGABYTE = 1 << 20;
  private static final String[] WORDS = (
      "the economy jobs prices inflation rate growth bank money tax plan policy energy oil trade"
          + " work wage home city country news report data model search vector query document"
          + " text word token index field score rank embedding neural network learning machine"
          + " language passage answer question result match semantic retrieval java apache lucene"
          + " coffee weather rain music book school water food health car road people world")
      .split(" ");

  /** Texts that are valid Java strings but odd as Unicode or as text to a tokenizer. */
  static final List<String> UNICODE_EDGES = List.of(
      "\uD800", "\uDC00", "x\uDBFF", "\uDFFFy", "\u0000", "a\u0000b", "\u200B\u200C\u200D\uFEFF",
      "\u202Eoil prices\u202C", "\u0645\u0631\u062D\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645",
      "\u05E9\u05DC\u05D5\u05DD", "e\u0301\u0301\u0301\u0301", "\uD83D\uDE00\uD83D\uDC4D\uD83C\uDFFD",
      "\uFFFF\uFFFE", "\u0007\u001B[0m\r\n\t", "\u00A0\u2028\u2029", "\uFDD0", "\u1F600",
      "\uD83D", "ﬀﬁ", "İıß", "\\", "\"", "'", "}", "{!", "$", "%", "&q=*:*");

  private final Random random;

  FuzzValues(Random random) {
    this.random = random;
  }

  Random random() {
    return random;
  }

  boolean chance(double probability) {
    return random.nextDouble() < probability;
  }

  int below(int bound) {
    return random.nextInt(bound);
  }

  <T> T pick(List<T> choices) {
    return choices.get(random.nextInt(choices.size()));
  }

  String word() {
    return WORDS[random.nextInt(WORDS.length)];
  }

  /** Plain words the tiny tokenizer knows, between from and to of them. */
  String words(int from, int to) {
    int count = from + random.nextInt(to - from + 1);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append(i == 0 ? "" : " ").append(word());
    }
    return text.toString();
  }

  /** Words with one Unicode oddity inside. */
  String unicodeText() {
    return words(0, 3) + pick(UNICODE_EDGES) + words(0, 3);
  }

  /** About one megabyte of text (one more character than the mebibyte). */
  String megabyte() {
    String unit = chance(0.5) ? "a" : word() + " ";
    return unit.repeat(ONE_MEGABYTE / unit.length() + 1);
  }

  /** 1000 opening brackets, a word, 1000 closing ones. */
  String deepBrackets() {
    return "(".repeat(1000) + word() + ")".repeat(1000);
  }

  /** A number as text: edge values, non-numbers and formats a parser may or may not take. */
  String number() {
    return pick(List.of("0", "1", "-1", "2147483647", "2147483648", "-2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "99999999999999999999999999", "1e10",
        "1e400", "-1e-400", "1.5", "-0", "0.0", "NaN", "-NaN", "Infinity", "-Infinity", "0x10",
        " 7 ", "+3", "", " ", "abc", "1_000", "\u0661", "3\u0000", String.valueOf(below(50) + 1),
        String.valueOf(below(50) + 1), String.valueOf(-below(1000))));
  }

  /** A mutated string value: empty, blank, huge, Unicode, path-like, syntax-breaking. */
  String mutatedString() {
    switch (below(12)) {
      case 0: return "";
      case 1: return "   ";
      case 2: return megabyte();
      case 3: return unicodeText();
      case 4: return pick(UNICODE_EDGES);
      case 5: return pick(List.of("../..", "../../../../etc/passwd", "/etc/passwd", "..\\..\\x",
          "file:///etc/passwd", "http://127.0.0.1:1/x", "${user.home}", "$q", "minilm/../reranker"));
      case 6: return deepBrackets();
      case 7: return number();
      case 8: return "{!lucene}*:*";
      case 9: return "x".repeat(40_000);
      case 10: return word().toUpperCase(java.util.Locale.ROOT);
      default: return words(1, 6);
    }
  }
}
