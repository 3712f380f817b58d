package io.github.solrneural.bench;

import io.github.solrneural.eval.RankingMetrics;
import io.github.solrneural.eval.RankingMetrics.Hit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * nDCG@10 and recall of rankings over every query's window, on the queries of one qrels file (BEIR's
 * rule: a document whose id is the query's is ignored). A window is a list of corpus indexes; a
 * ranking gives each of them a score.
 */
final class WindowQuality {
  /** The score of the i-th candidate of the q-th query's window. */
  @FunctionalInterface
  interface Scores {
    double of(int query, int candidate);
  }

  private final List<String> queryIds;
  private final List<String> documentIds;
  private final List<int[]> windows;

  WindowQuality(List<String> queryIds, List<String> documentIds, List<int[]> windows) {
    this.queryIds = queryIds;
    this.documentIds = documentIds;
    this.windows = windows;
  }

  double ndcgAt10(Map<String, Map<String, Integer>> qrels, Scores scores) {
    return mean(qrels, scores, (id, hits, judged) -> RankingMetrics.ndcg(id, hits, judged, 10));
  }

  double recallAt100(Map<String, Map<String, Integer>> qrels, Scores scores) {
    return mean(qrels, scores, (id, hits, judged) -> RankingMetrics.recall(id, hits, judged, 100));
  }

  private interface Metric {
    double of(String queryId, List<Hit> hits, Map<String, Integer> judged);
  }

  private double mean(Map<String, Map<String, Integer>> qrels, Scores scores, Metric metric) {
    double sum = 0;
    int counted = 0;
    for (int q = 0; q < queryIds.size(); q++) {
      Map<String, Integer> judged = qrels.get(queryIds.get(q));
      if (judged == null) {
        continue;
      }
      int[] window = windows.get(q);
      List<Hit> hits = new ArrayList<>(window.length);
      for (int i = 0; i < window.length; i++) {
        hits.add(new Hit(documentIds.get(window[i]), scores.of(q, i)));
      }
      sum += metric.of(queryIds.get(q), hits, judged);
      counted++;
    }
    if (counted != qrels.size()) {
      throw new IllegalStateException(qrels.size() - counted + " judged queries are not among the windows");
    }
    return sum / counted;
  }
}
