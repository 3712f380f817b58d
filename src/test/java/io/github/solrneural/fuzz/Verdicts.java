package io.github.solrneural.fuzz;

import io.github.solrneural.fuzz.DocOp.Verdict;
import java.util.Map;
import java.util.TreeMap;

/** What Solr with the plugin must make of a field's value: take it, refuse it, or either. */
final class Verdicts {
  private Verdicts() {}

  /** Must the field's value be refused (BAD), or may it be kept as sent (GOOD)? */
  static Verdict fieldVerdict(String field, Object value) {
    if (value instanceof String text) {
      if (field.equals("text")) {
        return text.isBlank() || text.length() > 1_000_000 ? Verdict.BAD : Verdict.GOOD;
      }
      if (field.equals("label_s")) {
        return Encoding.stored(text).getBytes(java.nio.charset.StandardCharsets.UTF_8).length
            > 32766 ? Verdict.BAD : Verdict.GOOD;
      }
      return field.equals("n_i") ? Verdict.UNSURE : Verdict.GOOD;
    }
    if (value instanceof Long n) {
      return !field.equals("n_i") ? Verdict.UNSURE
          : n == n.intValue() ? Verdict.GOOD : Verdict.UNSURE;
    }
    return Verdict.UNSURE;
  }

  /** A whole document must have text; every field it has must be good. */
  static Verdict contentVerdict(Map<String, Object> content) {
    Verdict verdict = content.containsKey("text") ? Verdict.GOOD : Verdict.BAD;
    for (Map.Entry<String, Object> field : content.entrySet()) {
      verdict = verdict.and(fieldVerdict(field.getKey(), field.getValue()));
    }
    return verdict;
  }

  /** The fields as Lucene stores them. */
  static Map<String, Object> stored(Map<String, Object> content) {
    Map<String, Object> stored = new TreeMap<>();
    content.forEach((k, v) -> stored.put(k, v instanceof String s ? Encoding.stored(s) : v));
    return stored;
  }

  static Verdict numberVerdict(String n) {
    if (!n.matches("-?[0-9]{1,10}")) {
      return n.isBlank() || n.equals("abc") || n.contains("NaN") || n.contains("Infinity")
          ? Verdict.BAD : Verdict.UNSURE;
    }
    long value = Long.parseLong(n);
    return value == (int) value ? Verdict.GOOD : Verdict.UNSURE;
  }

  static String jsonNumberOrString(String n) {
    return n.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?") ? n : Encoding.json(n);
  }
}
