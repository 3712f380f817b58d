package io.github.solrneural.fuzz;

import io.github.solrneural.fuzz.DocOp.Atomic;
import io.github.solrneural.fuzz.DocOp.Kind;
import io.github.solrneural.fuzz.DocOp.Verdict;
import io.github.solrneural.fuzz.DocOp.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Random /update requests with JSON bodies built by hand: new documents under ids of their own
 * (mutated or not), and full documents, atomic updates and deletes on a few shared ids where
 * overlap is the point.
 */
final class UpdateFuzzer {
  static final List<String> SHARED_IDS = List.of("dup-0", "dup-1", "dup-2", "dup-3", "dup-4");
  static final List<String> FIELDS = List.of("text", "title", "label_s", "n_i");

  /** One request: its query string (encoded), its body and its commands in order. */
  record UpdateCase(String query, String body, List<DocOp> ops) {}

  private final FuzzValues values;
  private final int dimension;
  private int requestNumber;
  private long numericIds = 7_000_000;

  UpdateFuzzer(FuzzValues values, int dimension) {
    this.values = values;
    this.dimension = dimension;
  }

  UpdateCase next() {
    requestNumber++;
    List<String> params = new ArrayList<>();
    if (values.chance(0.85)) {
      params.add("maxErrors=" + Encoding.form(values.pick(
          List.of("-1", "-1", "-1", "0", "1", "2", "abc", "-2", "99999999999", ""))));
    }
    if (values.chance(0.03)) {
      params.add("commit=true");
    }
    if (values.chance(0.01)) {
      params.add("update.chain=" + Encoding.form(values.mutatedString()));
    }
    params.add("wt=json");
    String query = String.join("&", params);
    if (values.chance(0.03)) {
      return new UpdateCase(query, garbageBody(), List.of());
    }
    int count = values.chance(0.1) ? 10 + values.below(30) : 1 + values.below(8);
    List<DocOp> ops = new ArrayList<>();
    boolean commands = values.chance(0.2);
    for (int i = 0; i < count; i++) {
      ops.add(op(i, commands));
    }
    return new UpdateCase(query, commands ? commandBody(ops) : arrayBody(ops), ops);
  }

  private DocOp op(int position, boolean commands) {
    int kind = values.below(100);
    if (kind < 55) {
      return fullDocument("r" + requestNumber + "-" + position, values.chance(0.4));
    }
    String shared = values.pick(SHARED_IDS);
    if (kind < 75) {
      return fullDocument(shared, values.chance(0.25));
    }
    if (kind < 95 || !commands) {
      return atomicUpdate(shared);
    }
    return new DocOp(Kind.DELETE, shared, "{\"id\":" + Encoding.json(shared) + "}",
        Verdict.GOOD, null, Version.NONE, List.of());
  }

  private DocOp fullDocument(String id, boolean mutate) {
    Map<String, Object> content = new TreeMap<>();
    content.put("text", values.words(3, 40));
    if (values.chance(0.3)) {
      content.put("title", values.words(1, 8));
    }
    if (values.chance(0.4)) {
      content.put("label_s", values.word());
    }
    if (values.chance(0.4)) {
      content.put("n_i", (long) values.below(1000));
    }
    List<String[]> fields = new ArrayList<>();
    content.forEach((name, value) -> fields.add(new String[] {name, literal(value)}));
    // What each mutated field makes of the document; replacing the field again forgets it.
    Map<String, Verdict> marks = new HashMap<>();
    Version version = Version.NONE;
    String docId = id;
    String idJson = Encoding.json(id);
    int mutations = mutate ? 1 + values.below(2) : 0;
    for (int m = 0; m < mutations; m++) {
      switch (values.below(22)) {
        case 0 -> { remove(fields, marks, "text"); content.remove("text"); }
        case 1 -> set(fields, marks, content, "text", values.pick(List.of("", "   ", "\u2028")));
        case 2 -> { replace(fields, marks, "text", values.pick(List.of("42", "true", "false",
            "-1.5e3", "[1,2]", "[\"jobs\",\"prices\"]", "{\"foo\":\"bar\"}", "[]", "{}")));
            marks.put("text", Verdict.BAD); }
        case 3 -> { replace(fields, marks, "text", "null"); content.remove("text"); }
        case 4 -> set(fields, marks, content, "text", values.megabyte());
        case 5 -> set(fields, marks, content, "text", values.unicodeText());
        case 6 -> set(fields, marks, content, "label_s", values.chance(0.5) ? "x".repeat(40_000)
            : values.megabyte());
        case 7 -> set(fields, marks, content, "title", values.chance(0.3) ? values.megabyte()
            : values.unicodeText());
        case 8 -> { String n = values.number(); replace(fields, marks, "n_i", Verdicts.jsonNumberOrString(n));
            marks.put("n_i", Verdicts.numberVerdict(n));
            content.put("n_i", Verdicts.numberVerdict(n) == Verdict.GOOD ? Long.parseLong(n.trim()) : n); }
        case 9 -> { fields.add(new String[] {"zz_unknown", "\"x\""});
            marks.put("zz_unknown", Verdict.BAD); }
        case 10 -> { fields.add(new String[] {"vector", "[0.1,0.2,0.3]"});
            marks.put("vector", Verdict.BAD); }
        case 11 -> { String v = values.pick(List.of("-1", "1", "12345"));
            replace(fields, marks, "_version_", v);
            version = v.equals("-1") ? Version.MUST_NOT_EXIST
                : v.equals("1") ? Version.MUST_EXIST : Version.NEVER_MATCHES; }
        case 12 -> { replace(fields, marks, "text",
            "[".repeat(1000) + "\"jobs\"" + "]".repeat(1000)); marks.put("text", Verdict.UNSURE); }
        case 13 -> { replace(fields, marks, "_childDocuments_", "[{\"id\":" + Encoding.json(id
            + "-child") + ",\"label_s\":\"child\"}]"); marks.put("_childDocuments_", Verdict.UNSURE); }
        case 14 -> { // the key "text" once more: a second value, unless there was none
            String more = values.words(1, 5);
            boolean had = fields.stream().anyMatch(field -> field[0].equals("text"));
            boolean hadNull = fields.stream().anyMatch(f -> f[0].equals("text") && f[1].equals("null"));
            fields.add(new String[] {"text", Encoding.json(more)});
            if (!had || hadNull) {
              content.put("text", more);
            }
            if (had) {
              marks.put("text", hadNull ? Verdict.UNSURE : Verdict.BAD);
            } }
        case 15 -> { replace(fields, marks, "sub", nestedChildren(id, 1000));
            marks.put("sub", Verdict.UNSURE); }
        case 16 -> { if (id.startsWith("r")) { docId = String.valueOf(numericIds++);
            idJson = docId; marks.remove("id"); } }
        case 17 -> { docId = null; idJson = null; marks.put("id", Verdict.BAD); }
        case 18 -> { docId = null; idJson = values.pick(List.of("[\"a\",\"b\"]", "null", "{}"));
            marks.put("id", Verdict.BAD); }
        case 19 -> set(fields, marks, content, "text", values.deepBrackets());
        case 20 -> { fields.add(new String[] {"vector", vector(dimension)});
            marks.merge("vector", Verdict.UNSURE, Verdict::and); }
        default -> set(fields, marks, content, "text", values.pick(FuzzValues.UNICODE_EDGES));
      }
    }
    Verdict verdict = Verdicts.contentVerdict(content);
    for (Verdict mark : marks.values()) {
      verdict = verdict.and(mark);
    }
    StringBuilder json = new StringBuilder("{");
    if (idJson != null) {
      json.append("\"id\":").append(idJson);
    }
    for (String[] field : fields) {
      json.append(json.length() > 1 ? "," : "").append(Encoding.json(field[0])).append(':')
          .append(field[1]);
    }
    json.append('}');
    Map<String, Object> expected = verdict == Verdict.GOOD ? Verdicts.stored(content) : null;
    return new DocOp(Kind.FULL, docId, json.toString(), verdict, expected, version, List.of());
  }

  private DocOp atomicUpdate(String id) {
    List<Atomic> ops = new ArrayList<>();
    StringBuilder json = new StringBuilder("{\"id\":" + Encoding.json(id));
    List<String> fields = new ArrayList<>(FIELDS);
    java.util.Collections.shuffle(fields, values.random());
    for (String field : fields.subList(0, 1 + values.below(2))) {
      String op = values.pick(List.of("set", "set", "add", "inc", "remove"));
      Object value;
      String literal;
      boolean odd = false;
      if (values.chance(0.1)) {
        value = null;
        literal = "null";
      } else if (field.equals("n_i") || op.equals("inc")) {
        String n = values.chance(0.8) ? String.valueOf(values.below(200) - 100) : values.number();
        odd = Verdicts.numberVerdict(n) != Verdict.GOOD;
        value = odd ? n : (Object) Long.parseLong(n.trim());
        literal = Verdicts.jsonNumberOrString(n);
      } else {
        value = values.chance(0.75) ? values.words(1, 12) : values.mutatedString();
        literal = Encoding.json((String) value);
      }
      ops.add(new Atomic(field, op, value, odd));
      json.append(',').append(Encoding.json(field)).append(":{").append(Encoding.json(op))
          .append(':').append(literal).append('}');
    }
    json.append('}');
    return new DocOp(Kind.ATOMIC, id, json.toString(), null, null, Version.NONE, ops);
  }

  private static String literal(Object value) {
    return value instanceof String s ? Encoding.json(s) : String.valueOf(value);
  }

  private static void set(List<String[]> fields, Map<String, Verdict> marks,
      Map<String, Object> content, String name, String value) {
    replace(fields, marks, name, Encoding.json(value));
    content.put(name, value);
  }

  private static void replace(
      List<String[]> fields, Map<String, Verdict> marks, String name, String json) {
    remove(fields, marks, name);
    fields.add(new String[] {name, json});
  }

  private static void remove(List<String[]> fields, Map<String, Verdict> marks, String name) {
    fields.removeIf(field -> field[0].equals(name));
    marks.remove(name);
  }

  private String vector(int size) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < size; i++) {
      json.append(i == 0 ? "" : ",").append(values.random().nextFloat());
    }
    return json.append(']').toString();
  }

  /** Child documents nested depth deep under one field name. */
  private static String nestedChildren(String id, int depth) {
    StringBuilder json = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      json.append("{\"id\":").append(Encoding.json(id + "-n" + i)).append(",\"sub\":");
    }
    json.append("{\"id\":").append(Encoding.json(id + "-leaf")).append('}');
    return json.append("}".repeat(depth)).toString();
  }

  private static String arrayBody(List<DocOp> ops) {
    StringBuilder body = new StringBuilder("[");
    for (DocOp op : ops) {
      body.append(body.length() > 1 ? "," : "").append(op.json());
    }
    return body.append(']').toString();
  }

  /** The JSON command form; its repeated keys are how Solr takes several commands. */
  private static String commandBody(List<DocOp> ops) {
    StringBuilder body = new StringBuilder("{");
    for (DocOp op : ops) {
      body.append(body.length() > 1 ? "," : "")
          .append(op.kind() == Kind.DELETE ? "\"delete\":" : "\"add\":{\"doc\":")
          .append(op.json())
          .append(op.kind() == Kind.DELETE ? "" : "}");
    }
    return body.append('}').toString();
  }

  private String garbageBody() {
    return values.pick(List.of("", "{", "[", "[1,2,3]", "\"text\"", "42", "null", "[null]",
        "[[[[]]]]", "[".repeat(1000) + "]".repeat(1000), "{\"add\":".repeat(1000) + "{}"
            + "}".repeat(1000), "{\"add\":{\"doc\":[]}}",
        "\uFEFF[]", "[{\"id\":\"r0\",\"text\":\"\\ud800\"", "[{\"id\":1e999}]"));
  }
}
