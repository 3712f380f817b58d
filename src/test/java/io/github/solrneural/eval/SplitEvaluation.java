package io.github.solrneural.eval;

import io.github.solrneural.eval.RankingMetrics.Hit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;

/**
 * Runs the configurations over one qrels split, over HTTP, and scores Solr's answers; with an
 * {@link ExactKnn}, also scores the exact nearest neighbours and compares them with Solr's KNN.
 */
final class SplitEvaluation {
  private static final String KNN = "knn";
  private static final int COMPARED_TOP = 10;

  private SplitEvaluation() {}

  /** Figures per configuration name, in order. */
  static Map<String, Object> run(SolrClient client, String collection, BeirDataset dataset,
      List<EvalConfiguration> configurations, EvalConfiguration.Settings settings,
      Map<String, List<String>> knnRankings) throws Exception {
    Map<String, Object> results = new LinkedHashMap<>();
    for (EvalConfiguration configuration : configurations) {
      results.put(configuration.name(), evaluate(client, collection, dataset, configuration,
          settings, configuration.name().equals(KNN) ? knnRankings : new LinkedHashMap<>()));
    }
    return results;
  }

  private static Map<String, Object> evaluate(SolrClient client, String collection,
      BeirDataset dataset, EvalConfiguration configuration, EvalConfiguration.Settings settings,
      Map<String, List<String>> rankings) throws Exception {
    List<String> queryIds = dataset.judgedQueryIds();
    Scores scores = new Scores();
    double[] latencies = new double[queryIds.size()];
    String idField = settings.chunking() ? "_root_" : "id";
    for (int i = 0; i < queryIds.size(); i++) {
      String queryId = queryIds.get(i);
      long start = System.nanoTime();
      QueryResponse response =
          client.query(collection, configuration.forQuery(dataset.queries.get(queryId)));
      latencies[i] = (System.nanoTime() - start) / 1e6;
      // Scored in Solr's order: after a rerank, the reranked window comes first whatever the
      // scores of the hits below it, whose first-stage scores are on another scale.
      List<Hit> hits = new ArrayList<>();
      int rank = 0;
      for (SolrDocument doc : response.getResults()) {
        hits.add(new Hit(String.valueOf(doc.getFieldValue(idField)), -rank++));
      }
      rankings.put(queryId, RankingMetrics.ranked(queryId, hits));
      scores.add(queryId, hits, dataset.qrels.get(queryId));
    }
    Arrays.sort(latencies);
    Map<String, Object> figures = scores.figures();
    figures.put("latency_ms_p50", round(percentile(latencies, 0.50), 1));
    figures.put("latency_ms_p95", round(percentile(latencies, 0.95), 1));
    System.out.printf(Locale.ROOT, "%-22s nDCG@10 %.4f  (%d queries)%n",
        configuration.name(), figures.get("ndcg@10"), queryIds.size());
    return figures;
  }

  /**
   * The exact nearest neighbours' figures, and how many queries' top 10 Solr's KNN answer matches
   * exactly (same documents, same order).
   */
  static Map<String, Object> exact(BeirDataset dataset, ExactKnn exact,
      Map<String, List<String>> knnRankings, Map<String, Object> knnFigures) {
    Scores scores = new Scores();
    int sameTop = 0;
    for (String queryId : dataset.judgedQueryIds()) {
      List<Hit> hits = exact.nearest(dataset.queries.get(queryId), EvalConfiguration.DEPTH);
      scores.add(queryId, hits, dataset.qrels.get(queryId));
      List<String> exactTop = top(RankingMetrics.ranked(queryId, hits));
      List<String> solrTop = top(knnRankings.getOrDefault(queryId, List.of()));
      sameTop += exactTop.equals(solrTop) ? 1 : 0;
    }
    Map<String, Object> figures = scores.figures();
    figures.put("documents", exact.documents());
    figures.put("queries_whose_knn_top10_is_exact", sameTop);
    if (knnFigures != null) {
      figures.put("knn_figures_equal_exact",
          figures.get("ndcg@10").equals(knnFigures.get("ndcg@10"))
              && figures.get("recall@100").equals(knnFigures.get("recall@100"))
              && figures.get("mrr@10").equals(knnFigures.get("mrr@10")));
    }
    System.out.printf(Locale.ROOT, "%-22s nDCG@10 %.4f  (%d of %d queries: Solr's KNN top 10 is exact)%n",
        "exact knn", figures.get("ndcg@10"), sameTop, dataset.judgedQueryIds().size());
    return figures;
  }

  private static List<String> top(List<String> ranking) {
    return ranking.subList(0, Math.min(COMPARED_TOP, ranking.size()));
  }

  static void printTable(Map<String, Object> results) {
    System.out.println();
    System.out.printf(Locale.ROOT, "| %-22s | %8s | %10s | %7s | %8s | %8s |%n",
        "configuration", "nDCG@10", "Recall@100", "MRR@10", "p50 ms", "p95 ms");
    System.out.println("|------------------------|----------|------------|---------|----------|----------|");
    for (Map.Entry<String, Object> entry : results.entrySet()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> figures = (Map<String, Object>) entry.getValue();
      System.out.printf(Locale.ROOT, "| %-22s | %8.4f | %10.4f | %7.4f | %8.1f | %8.1f |%n",
          entry.getKey(), figures.get("ndcg@10"), figures.get("recall@100"),
          figures.get("mrr@10"), figures.get("latency_ms_p50"), figures.get("latency_ms_p95"));
    }
    System.out.println();
  }

  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }

  /** Sums of the per-query metrics, averaged at the end. */
  private static final class Scores {
    private double ndcg;
    private double recall;
    private double mrr;
    private int queries;

    void add(String queryId, List<Hit> hits, Map<String, Integer> judged) {
      ndcg += RankingMetrics.ndcg(queryId, hits, judged, 10);
      recall += RankingMetrics.recall(queryId, hits, judged, 100);
      mrr += RankingMetrics.mrr(queryId, hits, judged, 10);
      queries++;
    }

    Map<String, Object> figures() {
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("ndcg@10", round(ndcg / queries, 4));
      figures.put("recall@100", round(recall / queries, 4));
      figures.put("mrr@10", round(mrr / queries, 4));
      figures.put("queries", queries);
      return figures;
    }
  }
}
