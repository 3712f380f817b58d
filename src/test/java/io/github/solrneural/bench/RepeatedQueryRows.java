package io.github.solrneural.bench;

import io.github.solrneural.model.InferenceObserver;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.testing.DemoModels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A query asked again: the same reranked query (KNN topK 50, reRankDocs 20) with an added {@code
 * fq=id:*}, which matches every document but misses Solr's query result cache, so only the
 * inference caches save work; and the same KNN query text again, with the same fq. Each first run
 * has a SciFact query text of its own, so it is cold; the medians of 20 are compared. Also the
 * caches' memory at their default sizes, by their own accounting.
 */
final class RepeatedQueryRows implements CachesRows {
  private static final int MEASUREMENTS = 20;
  private static final String EVERY_DOCUMENT = "id:*";

  @Override
  public int queries() {
    return 1 + 2 * MEASUREMENTS; // one to warm up with
  }

  @Override
  public void measure(Solr solr, Map<String, Object> json) throws Exception {
    ModelSpec rerankerSpec = DemoModels.configsetRerankerSpec();
    ModelSpec embedderSpec = DemoModels.configsetEmbedderSpec();
    LoadedModel reranker = shared(rerankerSpec);
    LoadedModel embedder = shared(embedderSpec);
    AtomicLong pairs = new AtomicLong();
    InferenceObserver counter = counter(pairs);
    reranker.addObserver(counter);
    try {
      List<String> texts = solr.queries();
      compare(solr, reranked(texts.get(0)), pairs); // warm-up
      compare(solr, knn(texts.get(0)), pairs);
      double[][] rerank = new double[2][MEASUREMENTS];
      double[][] knn = new double[2][MEASUREMENTS];
      long repeatedPairs = 0;
      for (int i = 0; i < MEASUREMENTS; i++) {
        double[] times = compare(solr, reranked(texts.get(1 + i)), pairs);
        rerank[0][i] = times[0];
        rerank[1][i] = times[1];
        repeatedPairs += (long) times[2];
        times = compare(solr, knn(texts.get(1 + MEASUREMENTS + i)), pairs);
        knn[0][i] = times[0];
        knn[1][i] = times[1];
      }
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("ratio_repeated_rerank_speed_vs_first", ratio(solr, "reranked query"
          + " (knn topK 50, reRankDocs 20), again with fq=" + EVERY_DOCUMENT, rerank));
      figures.put("repeated_rerank_pairs_scored", repeatedPairs);
      figures.put("ratio_repeated_knn_speed_vs_first",
          ratio(solr, "knn query (topK 50), same text again with fq=" + EVERY_DOCUMENT, knn));
      json.putAll(figures);
      memory(solr, json, embedder, reranker);
    } finally {
      reranker.removeObserver(counter);
      ModelRegistry.get().release(rerankerSpec);
      ModelRegistry.get().release(embedderSpec);
    }
  }

  private static Map<String, String> reranked(String text) {
    return Solr.with(knn(text), "rq", "{!cross_encoder model=reranker reRankDocs=20 v=$qt}");
  }

  private static Map<String, String> knn(String text) {
    return Map.of("q", "{!knn_text_to_vector model=minilm f=vector topK=50 v=$qt}", "qt", text,
        "rows", "10", "fl", "id,score");
  }

  /**
   * Milliseconds of the first run and of the repeat with the fq, and the pairs the reranker ran
   * for the repeat; fails if their hits or scores differ.
   */
  private static double[] compare(Solr solr, Map<String, String> request, AtomicLong pairs)
      throws Exception {
    long start = System.nanoTime();
    String first = solr.search(request).json().getAsJsonObject("response").get("docs").toString();
    long middle = System.nanoTime();
    long pairsBefore = pairs.get();
    String again = solr.search(Solr.with(request, "fq", EVERY_DOCUMENT)).json()
        .getAsJsonObject("response").get("docs").toString();
    long end = System.nanoTime();
    if (!first.equals(again)) {
      throw new IllegalStateException("the repeat of " + request + " gave other hits: " + first
          + " then " + again);
    }
    return new double[] {(middle - start) / 1e6, (end - middle) / 1e6, pairs.get() - pairsBefore};
  }

  private static double ratio(Solr solr, String measurement, double[][] times) {
    double first = Interleaved.median(times[0]);
    double again = Interleaved.median(times[1]);
    double ratio = first / again;
    solr.report().row("caches: " + measurement, "first (cold caches)", first, "", "");
    solr.report().row("caches: " + measurement, "again (cache hits)", again, "",
        Report.times(ratio) + " faster");
    return Report.round(ratio, 2);
  }

  /** The caches' bytes when full at their default sizes: entries times bytes per entry. */
  private static void memory(Solr solr, Map<String, Object> json, LoadedModel embedder,
      LoadedModel reranker) {
    long queryEntry = embedder.queryCache().bytes() / embedder.queryCache().entries();
    long pairEntry = reranker.pairCache().bytes() / reranker.pairCache().entries();
    long queryFull = Math.min(embedder.queryCache().limits().bytes(),
        queryEntry * embedder.queryCache().limits().entries());
    long pairFull = Math.min(reranker.pairCache().limits().bytes(),
        pairEntry * reranker.pairCache().limits().entries());
    json.put("query_cache_default_entries", embedder.queryCache().limits().entries());
    json.put("query_cache_bytes_per_entry", queryEntry);
    json.put("query_cache_mb_at_default_size", Report.round(queryFull / 1e6, 2));
    json.put("pair_cache_default_entries", reranker.pairCache().limits().entries());
    json.put("pair_cache_bytes_per_entry", pairEntry);
    json.put("pair_cache_mb_at_default_size", Report.round(pairFull / 1e6, 2));
    solr.report().row("caches: memory when full at default sizes", "query cache (minilm, 384 dims)",
        Double.NaN, Report.format("%.2f MB", queryFull / 1e6),
        embedder.queryCache().limits().entries() + " x " + queryEntry + " B");
    solr.report().row("caches: memory when full at default sizes", "pair cache (reranker)",
        Double.NaN, Report.format("%.2f MB", pairFull / 1e6),
        reranker.pairCache().limits().entries() + " x " + pairEntry + " B");
  }

  /** The model Solr's core loaded for the spec; fails if the spec does not match its declaration. */
  private static LoadedModel shared(ModelSpec spec) throws Exception {
    if (ModelRegistry.get().referenceCount(spec) == 0) {
      throw new IllegalStateException("Solr did not load a model with the spec " + spec);
    }
    return ModelRegistry.get().acquire(spec);
  }

  private static InferenceObserver counter(AtomicLong items) {
    return new InferenceObserver() {
      @Override
      public void forwardPass(int batch, int truncatedItems, long nanos) {
        items.addAndGet(batch);
      }

      @Override
      public void failure() {}
    };
  }
}
