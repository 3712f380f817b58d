package io.github.solrneural.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * Random requests to the plugin's query parameters and paths: the KNN parser, the cross-encoder
 * rerank, /semantic and /neural/models, each parameter either sane or mutated, sent by reference
 * ($param) so any value reaches the parser, or inline in the local params.
 */
final class QueryFuzzer {
  /** One request: POST form (or JSON) to a path; query holds any URL parameters. */
  record QueryCase(String path, String query, String body, boolean json) {}

  private final FuzzValues values;

  QueryFuzzer(FuzzValues values) {
    this.values = values;
  }

  QueryCase next() {
    int target = values.below(100);
    if (target < 35) {
      return form("/select", knn());
    }
    if (target < 75) {
      return form("/select", rerank());
    }
    if (target < 85) {
      return form("/semantic", semantic());
    }
    if (target < 93) {
      return jsonRequest();
    }
    return models();
  }

  private List<String> knn() {
    List<String> params = new ArrayList<>();
    String local = "{!knn_text_to_vector"
        + local(params, "model", "qm",
            () -> param(() -> values.pick(List.of("minilm", "minilm", "reranker"))))
        + local(params, "f", "qf",
            () -> param(() -> values.pick(List.of("vector", "vector", "chunk_text"))))
        + number(params, "topK", "qk", () -> String.valueOf(1 + values.below(30)));
    String text = param(() -> values.words(1, 10));
    if (values.chance(0.5)) {
      params.add("qt=" + Encoding.form(text));
      local += " v=$qt}";
    } else {
      local += "}" + text;
    }
    params.add((values.chance(0.8) ? "q=" : "fq=") + Encoding.form(local));
    if (params.stream().noneMatch(p -> p.startsWith("q="))) {
      params.add("q=*:*");
    }
    common(params);
    return params;
  }

  private List<String> rerank() {
    List<String> params = new ArrayList<>();
    String rq = "{!cross_encoder"
        + local(params, "model", "rm",
            () -> param(() -> values.pick(List.of("reranker", "reranker", "minilm"))))
        + number(params, "reRankDocs", "rd", () -> String.valueOf(1 + values.below(40)))
        + local(params, "reRankOperator", "ro",
            () -> param(() -> values.pick(List.of("replace", "add", "multiply", "blend"))))
        + number(params, "reRankWeight", "rw", () -> values.pick(List.of("1", "0.5", "2", "0")))
        + number(params, "reRankTimeAllowed", "rt", () -> values.pick(List.of("-1", "1000", "5")))
        + local(params, "reRankSigmoid", "rs",
            () -> param(() -> values.pick(List.of("true", "false"))))
        + local(params, "f", "rf",
            () -> param(() -> values.pick(List.of("chunk_text", "chunk_text", "text"))));
    String text = param(() -> values.words(1, 10));
    params.add("rqt=" + Encoding.form(text));
    rq += values.chance(0.8) ? " v=$rqt}" : "}" + text;
    params.add("rq=" + Encoding.form(rq));
    params.add("q=" + Encoding.form(values.pick(List.of("*:*", "chunk_text:" + values.word(),
        "text:" + values.word(), "{!knn_text_to_vector model=minilm f=vector topK=10}"
            + values.word()))));
    if (values.chance(0.1)) {
      params.add("debugQuery=true");
    }
    if (values.chance(0.1)) {
      params.add("sort=" + Encoding.form(values.pick(List.of("id asc", "score desc", "n_i asc"))));
    }
    common(params);
    return params;
  }

  private List<String> semantic() {
    List<String> params = new ArrayList<>();
    params.add("q=" + Encoding.form(param(() -> values.words(1, 8))));
    if (values.chance(0.2)) {
      params.add("rq=" + Encoding.form(values.mutatedString()));
    }
    common(params);
    return params;
  }

  /** Solr's JSON request API: wrong JSON types and deep nesting in the params themselves. */
  private QueryCase jsonRequest() {
    String topK = values.pick(List.of("5", "\"5\"", "[5,6]", "{\"a\":1}", "null", "true", "-3",
        "1e400", "\"NaN\"", "[".repeat(1000) + "1" + "]".repeat(1000)));
    String model = values.pick(List.of("\"minilm\"", "[\"minilm\",\"reranker\"]", "7", "null",
        "{\"set\":\"minilm\"}", Encoding.json(values.mutatedString())));
    String docs = values.pick(List.of("10", "\"10\"", "[1,2]", "2147483647", "-1", "{}",
        "99999999999999999999"));
    String body = "{\"query\":\"{!knn_text_to_vector model=$m f=vector topK=$k v=$t}\","
        + "\"params\":{\"m\":" + model + ",\"k\":" + topK + ",\"t\":"
        + Encoding.json(param(() -> values.words(1, 6))) + ",\"rq\":"
        + "\"{!cross_encoder model=reranker reRankDocs=$d v=$t}\",\"d\":" + docs + "},"
        + "\"limit\":" + values.pick(List.of("5", "\"5\"", "[]", "-1")) + "}";
    return new QueryCase("/select", "wt=json", body, true);
  }

  private QueryCase models() {
    List<String> params = new ArrayList<>();
    for (int i = values.below(3); i > 0; i--) {
      params.add(Encoding.form(values.pick(List.of("name", "model", "action", "path", "wt2")))
          + "=" + Encoding.form(values.mutatedString()));
    }
    String path = "/neural/models";
    if (values.chance(0.2)) {
      path += "/" + values.pick(List.of("minilm", "reranker", "x", "%2e%2e", "..%2f..",
          "%00", "%ED%A0%80"));
    }
    params.add("wt=json");
    return new QueryCase(path, String.join("&", params), null, false);
  }

  /** Size of the page and, now and then, the other Solr params around the plugin's. */
  private void common(List<String> params) {
    params.add("rows=" + values.below(12));
    if (values.chance(0.2)) {
      params.add("start=" + values.below(30));
    }
    params.add("fl=" + Encoding.form(values.pick(List.of("id,score", "id", "*,score"))));
    params.add("wt=json");
  }

  /** As {@link #local}, for a number: its mutations are mostly odd numbers. */
  private String number(List<String> params, String name, String ref,
      java.util.function.Supplier<String> sane) {
    return local(params, name, ref,
        () -> values.chance(0.35) ? values.number() : param(sane));
  }

  /** " name=$ref" with the value as a request param, or the value inline, or nothing. */
  private String local(List<String> params, String name, String ref,
      java.util.function.Supplier<String> choice) {
    if (values.chance(0.1)) {
      return "";
    }
    String value = choice.get();
    if (values.chance(0.75)) {
      params.add(ref + "=" + Encoding.form(value));
      return " " + name + "=$" + ref;
    }
    return " " + name + "='" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** Mostly a sane value; otherwise a mutation: number, string, Unicode, huge, path-like. */
  private String param(java.util.function.Supplier<String> sane) {
    return values.chance(0.65) ? sane.get() : values.mutatedString();
  }

  private static QueryCase form(String path, List<String> params) {
    return new QueryCase(path, "", String.join("&", params), false);
  }
}
