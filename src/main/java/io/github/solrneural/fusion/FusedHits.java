package io.github.solrneural.fusion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The fused ranking: every document of the sub-queries' lists once, by fused score (higher first,
 * ties by lower document id), with what each sub-query gave it, for explanations.
 */
public final class FusedHits {
  /** What one sub-query gave one document: rank 0 when the document is not in its list. */
  public record Part(String name, int rank, float score, double normalised, double weight,
      double contribution) {
    public boolean ranked() {
      return rank > 0;
    }
  }

  private final FusionSpec spec;
  private final List<RankedList> lists;
  private final List<double[]> normalised;
  private final List<Map<Integer, Integer>> positions;
  private final int[] docs;
  private final double[] scores;
  private final Map<Integer, Integer> order;

  FusedHits(FusionSpec spec, List<RankedList> lists, List<double[]> normalised,
      List<Map<Integer, Integer>> positions, int[] docs, double[] scores,
      Map<Integer, Integer> order) {
    this.spec = spec;
    this.lists = List.copyOf(lists);
    this.normalised = normalised;
    this.positions = positions;
    this.docs = docs;
    this.scores = scores;
    this.order = order;
  }

  public FusionSpec spec() {
    return spec;
  }

  public int size() {
    return docs.length;
  }

  /** The document at a position of the fused ranking (0 = best). */
  public int doc(int position) {
    return docs[position];
  }

  public double score(int position) {
    return scores[position];
  }

  /** The documents in id order, for building a set of them. */
  public int[] docsById() {
    int[] sorted = docs.clone();
    Arrays.sort(sorted);
    return sorted;
  }

  /** The fused score of a document, or NaN when no sub-query collected it. */
  public double scoreOf(int doc) {
    Integer position = order.get(doc);
    return position == null ? Double.NaN : scores[position];
  }

  /** The sub-queries that were collected (fewer than named when a time limit stopped it). */
  public List<RankedList> lists() {
    return lists;
  }

  /** What each collected sub-query gave the document, in the order of the lists. */
  public List<Part> parts(int doc) {
    List<Part> parts = new ArrayList<>(lists.size());
    for (int i = 0; i < lists.size(); i++) {
      RankedList list = lists.get(i);
      double weight = spec.weight(list.name());
      Integer position = positions.get(i).get(doc);
      if (position == null) {
        parts.add(new Part(list.name(), 0, Float.NaN, Double.NaN, weight, 0));
      } else {
        double value = normalised.get(i)[position];
        parts.add(new Part(list.name(), position + 1, list.scores()[position], value, weight,
            RankFusion.contribution(spec, weight, position + 1, value)));
      }
    }
    return parts;
  }
}
