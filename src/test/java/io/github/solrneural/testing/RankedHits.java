package io.github.solrneural.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;

/**
 * Hits as Solr returned them (fl=id,score,[docid]), and fusion computed from sub-queries' own
 * answers with the textbook formulas, independently of the plugin's code, for tests to compare.
 */
public final class RankedHits {
  /** One hit: its id, score and Lucene document id (the tie-breaker of equal scores). */
  public record Hit(String id, float score, int docid) {}

  private RankedHits() {}

  public static List<Hit> of(QueryResponse response) {
    List<Hit> hits = new ArrayList<>();
    for (SolrDocument doc : response.getResults()) {
      Object docid = doc.getFieldValue("[docid]");
      hits.add(new Hit((String) doc.getFieldValue("id"), (Float) doc.getFieldValue("score"),
          docid == null ? -1 : ((Number) docid).intValue()));
    }
    return hits;
  }

  /** Reciprocal rank fusion: the sum over lists of weight / (k + 1-based rank). */
  public static List<Hit> rrf(List<List<Hit>> lists, double[] weights, int k) {
    Map<String, Double> fused = new LinkedHashMap<>();
    Map<String, Integer> docids = new HashMap<>();
    for (int l = 0; l < lists.size(); l++) {
      for (int i = 0; i < lists.get(l).size(); i++) {
        Hit hit = lists.get(l).get(i);
        fused.merge(hit.id(), weights[l] / (k + (double) (i + 1)), Double::sum);
        docids.put(hit.id(), hit.docid());
      }
    }
    return ranked(fused, docids);
  }

  /** Linear fusion: the sum over lists of weight * (score - min) / (max - min) of that list. */
  public static List<Hit> linearMinMax(List<List<Hit>> lists, double[] weights) {
    Map<String, Double> fused = new LinkedHashMap<>();
    Map<String, Integer> docids = new HashMap<>();
    for (int l = 0; l < lists.size(); l++) {
      double min = lists.get(l).stream().mapToDouble(Hit::score).min().orElse(0);
      double max = lists.get(l).stream().mapToDouble(Hit::score).max().orElse(0);
      for (Hit hit : lists.get(l)) {
        double normalised = max > min ? (hit.score() - min) / (max - min) : 1.0;
        fused.merge(hit.id(), weights[l] * normalised, Double::sum);
        docids.put(hit.id(), hit.docid());
      }
    }
    return ranked(fused, docids);
  }

  /** As Lucene ranks: by float score, higher first, ties by the lower document id. */
  private static List<Hit> ranked(Map<String, Double> fused, Map<String, Integer> docids) {
    List<Hit> hits = new ArrayList<>();
    fused.forEach((id, score) -> hits.add(new Hit(id, (float) (double) score, docids.get(id))));
    hits.sort(Comparator.comparing(Hit::score, Comparator.reverseOrder())
        .thenComparingInt(Hit::docid));
    return hits;
  }

  /** Several answers merged as Solr's coordinator merges shards' answers: by score. */
  public static List<Hit> mergedByScore(List<List<Hit>> shards) {
    List<Hit> all = new ArrayList<>();
    shards.forEach(all::addAll);
    all.sort(Comparator.comparing(Hit::score, Comparator.reverseOrder()));
    return all;
  }

  /**
   * The ids of consecutive hits of equal score, group by group: the same ranking whatever order
   * ties take (across shards, the coordinator orders ties by shard).
   */
  public static List<List<String>> scoreGroups(List<Hit> hits) {
    List<List<String>> groups = new ArrayList<>();
    Float last = null;
    for (Hit hit : hits) {
      if (last == null || Math.abs(hit.score() - last) > 1e-6f * Math.max(1f, Math.abs(last))) {
        groups.add(new ArrayList<>());
      }
      groups.get(groups.size() - 1).add(hit.id());
      last = hit.score();
    }
    groups.forEach(group -> group.sort(null));
    return groups;
  }

  public static List<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::id).toList();
  }

  /** The 1-based rank of the id in the list, 0 when absent. */
  public static int rank(List<Hit> list, String id) {
    return ids(list).indexOf(id) + 1;
  }

  /** How many hits of the same set have another score after than before (a rerank, say). */
  public static int changedScores(List<Hit> before, List<Hit> after) {
    Map<String, Float> scores = new HashMap<>();
    before.forEach(hit -> scores.put(hit.id(), hit.score()));
    if (!scores.keySet().equals(new java.util.HashSet<>(ids(after)))) {
      throw new AssertionError("different hits: " + ids(before) + " and " + ids(after));
    }
    return (int) after.stream().filter(hit -> hit.score() != scores.get(hit.id())).count();
  }
}
