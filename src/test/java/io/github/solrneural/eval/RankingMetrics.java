package io.github.solrneural.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Per-query retrieval metrics as trec_eval (and so BEIR, through pytrec_eval) defines them: graded
 * relevance with linear gain, results ordered by score and then by document id descending, and a
 * document whose id equals the query id ignored.
 */
public final class RankingMetrics {
  private RankingMetrics() {}

  /** One retrieved document. */
  public record Hit(String docId, double score) {}

  /** trec_eval's order: by score, then by document id, both descending. */
  static final Comparator<Hit> TREC_ORDER =
      Comparator.comparingDouble(Hit::score)
          .reversed()
          .thenComparing(Hit::docId, Comparator.reverseOrder());

  /** Orders hits as trec_eval does and drops the query's own id. */
  static List<String> ranked(String queryId, List<Hit> hits) {
    List<Hit> sorted = new ArrayList<>(hits);
    sorted.sort(TREC_ORDER);
    List<String> ids = new ArrayList<>(sorted.size());
    for (Hit hit : sorted) {
      if (!hit.docId().equals(queryId) && !ids.contains(hit.docId())) {
        ids.add(hit.docId());
      }
    }
    return ids;
  }

  /** nDCG@k: sum of rel/log2(rank+1) over the top k, divided by the same for the ideal order. */
  public static double ndcg(String queryId, List<Hit> hits, Map<String, Integer> judged, int k) {
    List<String> ranking = ranked(queryId, hits);
    double dcg = 0;
    for (int i = 0; i < Math.min(k, ranking.size()); i++) {
      dcg += gain(judged, ranking.get(i)) / log2(i + 2);
    }
    List<Integer> ideal =
        judged.entrySet().stream()
            .filter(e -> !e.getKey().equals(queryId) && e.getValue() > 0)
            .map(Map.Entry::getValue)
            .sorted(Comparator.reverseOrder())
            .toList();
    double idcg = 0;
    for (int i = 0; i < Math.min(k, ideal.size()); i++) {
      idcg += ideal.get(i) / log2(i + 2);
    }
    return idcg == 0 ? 0 : dcg / idcg;
  }

  /** Recall@k: the share of relevant documents found in the top k. */
  public static double recall(String queryId, List<Hit> hits, Map<String, Integer> judged, int k) {
    long relevant =
        judged.entrySet().stream()
            .filter(e -> !e.getKey().equals(queryId) && e.getValue() > 0)
            .count();
    if (relevant == 0) {
      return 0;
    }
    List<String> ranking = ranked(queryId, hits);
    long found = 0;
    for (int i = 0; i < Math.min(k, ranking.size()); i++) {
      if (gain(judged, ranking.get(i)) > 0) {
        found++;
      }
    }
    return (double) found / relevant;
  }

  /** MRR@k: the reciprocal rank of the first relevant document in the top k, else 0. */
  public static double mrr(String queryId, List<Hit> hits, Map<String, Integer> judged, int k) {
    List<String> ranking = ranked(queryId, hits);
    for (int i = 0; i < Math.min(k, ranking.size()); i++) {
      if (gain(judged, ranking.get(i)) > 0) {
        return 1.0 / (i + 1);
      }
    }
    return 0;
  }

  private static int gain(Map<String, Integer> judged, String docId) {
    return Math.max(0, judged.getOrDefault(docId, 0));
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
