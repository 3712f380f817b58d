package io.github.solrneural.eval;

import io.github.solrneural.testing.SolrjQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * One retrieval setup of the evaluation, as the Solr request it sends. Every figure comes from what
 * Solr answers to these requests.
 */
record EvalConfiguration(String name, String description, SolrjQuery template) {
  static final int DEPTH = 100;

  /** Settings shared by every configuration. */
  record Settings(String embedder, String reranker, boolean chunking) {
    String passageField() {
      return chunking ? "chunk_text" : "passage_t";
    }

    String lexicalFields() {
      return chunking ? "chunk_text" : "title text";
    }
  }

  static List<EvalConfiguration> all(Settings settings) {
    String knn =
        "{!knn_text_to_vector model=" + settings.embedder() + " f=vector topK=" + DEPTH + " v=$qt}";
    String bm25 = "{!edismax qf='" + settings.lexicalFields() + "' v=$qt}";
    List<EvalConfiguration> configurations = new ArrayList<>();
    configurations.add(of("bm25", "BM25 (edismax over " + settings.lexicalFields() + ")", settings, bm25, null));
    configurations.add(of("knn", "KNN, topK " + DEPTH, settings, knn, null));
    for (String mode : List.of("replace", "add", "multiply", "blend")) {
      configurations.add(
          of("knn_rerank20_" + mode, "KNN, rerank top 20, " + mode, settings, knn,
              rerank(settings, 20, mode)));
    }
    configurations.add(
        of("knn_rerank100", "KNN, rerank top 100, default mode", settings, knn,
            rerank(settings, 100, null)));
    configurations.add(
        of("bm25_rerank20", "BM25, rerank top 20, default mode", settings, bm25,
            rerank(settings, 20, null)));
    configurations.add(
        new EvalConfiguration("hybrid_rerank20",
            "BM25 + KNN (scores summed), rerank top 20, default mode",
            hybrid(settings, "{!bool should=$lexical should=$vector}", bm25, knn,
                rerank(settings, 20, null))));
    // k and the weights are fixed in advance (RRF's usual 60, equal weights), never tuned on dev.
    for (String algorithm : List.of("rrf", "linear")) {
      String fusion = "{!fusion combiner.query=lexical,vector combiner.algorithm=" + algorithm + "}";
      String fused = "BM25 + KNN fused by " + algorithm
          + (algorithm.equals("rrf") ? " (k 60)" : " (min-max, equal weights)");
      configurations.add(
          new EvalConfiguration("hybrid_" + algorithm, fused,
              hybrid(settings, fusion, bm25, knn, null)));
      configurations.add(
          new EvalConfiguration("hybrid_" + algorithm + "_rerank20", fused + ", rerank top 20, blend",
              hybrid(settings, fusion, bm25, knn, rerank(settings, 20, "blend"))));
    }
    return configurations;
  }

  /** A query over the sub-queries {@code $lexical} and {@code $vector}. */
  private static SolrjQuery hybrid(
      Settings settings, String q, String lexical, String vector, String rq) {
    SolrjQuery query = base(settings, q, rq);
    query.set("lexical", lexical);
    query.set("vector", vector);
    return query;
  }

  private static String rerank(Settings settings, int docs, String mode) {
    return "{!cross_encoder model=" + settings.reranker() + " f=" + settings.passageField()
        + " reRankDocs=" + docs + (mode == null ? "" : " reRankOperator=" + mode) + " v=$qt}";
  }

  private static EvalConfiguration of(
      String name, String description, Settings settings, String q, String rq) {
    return new EvalConfiguration(name, description, base(settings, q, rq));
  }

  private static SolrjQuery base(Settings settings, String q, String rq) {
    SolrjQuery query = new SolrjQuery();
    query.set("q", q);
    if (rq != null) {
      query.set("rq", rq);
    }
    query.setRows(DEPTH);
    if (settings.chunking()) {
      // Chunks are hits; each document counts once, by its best chunk.
      query.addFilterQuery("{!collapse field=_root_}");
      query.setFields("_root_,score");
    } else {
      query.setFields("id,score");
    }
    return query;
  }

  SolrjQuery forQuery(String text) {
    SolrjQuery query = template.copy();
    query.set("qt", text);
    return query;
  }
}
