package io.github.solrneural.fuzz;

/**
 * Sane requests of every kind the fuzzer sends, on both nodes, so that thread pools, caches and
 * compiled code exist before the baseline is taken; their documents are deleted again.
 */
final class Warmup {
  private Warmup() {}

  static void run(String... collectionUrls) throws Exception {
    for (int round = 0; round < 5; round++) {
      for (String url : collectionUrls) {
        StringBuilder docs = new StringBuilder("[");
        for (int i = 0; i < 10; i++) {
          docs.append(i == 0 ? "" : ",").append("{\"id\":\"warm-").append(round).append('-')
              .append(i).append("\",\"text\":\"jobs and prices in the economy ").append(i)
              .append("\",\"label_s\":\"w\"}");
        }
        docs.append(",{\"id\":\"warm-").append(round).append("-0\",\"n_i\":{\"inc\":1}}]");
        ok(FuzzHttp.postJson(url, "/update", "maxErrors=-1&commit=true&wt=json", docs.toString()));
        ok(FuzzHttp.postForm(url, "/select",
            "q=" + Encoding.form("{!knn_text_to_vector model=minilm f=vector topK=5}jobs")
                + "&fl=id,score&wt=json"));
        ok(FuzzHttp.postForm(url, "/select",
            "q=chunk_text:jobs&rq=" + Encoding.form("{!cross_encoder model=reranker reRankDocs=5"
                + " v=$t}") + "&t=economy&fl=id,score&wt=json"));
        ok(FuzzHttp.postForm(url, "/semantic", "q=prices&wt=json"));
        ok(FuzzHttp.get(url, "/neural/models", "wt=json"));
        FuzzHttp.postForm(url, "/select", "q=" + Encoding.form("{!knn_text_to_vector"
            + " model=nope f=vector}jobs") + "&wt=json");
      }
    }
    clear(collectionUrls[0]);
  }

  /** Deletes every document and commits. */
  static void clear(String collectionUrl) throws Exception {
    ok(FuzzHttp.postJson(collectionUrl, "/update", "commit=true&wt=json",
        "{\"delete\":{\"query\":\"*:*\"}}"));
  }

  private static void ok(FuzzHttp.Answer answer) {
    if (answer.status() != 200) {
      throw new AssertionError("warm-up request failed: " + Findings.cut(answer.body()));
    }
  }
}
