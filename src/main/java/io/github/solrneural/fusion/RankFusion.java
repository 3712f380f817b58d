package io.github.solrneural.fusion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Fuses sub-queries' ranked lists by reciprocal rank or by a weighted sum of normalised scores. */
public final class RankFusion {
  private RankFusion() {}

  /**
   * The fused ranking of the lists (each a sub-query of the spec, best first).
   *
   * @throws IllegalArgumentException when a list is not one of the spec's sub-queries
   */
  public static FusedHits fuse(FusionSpec spec, List<RankedList> lists) {
    Map<Integer, Double> fused = new HashMap<>();
    List<double[]> normalised = new ArrayList<>(lists.size());
    List<Map<Integer, Integer>> positions = new ArrayList<>(lists.size());
    for (RankedList list : lists) {
      double weight = spec.weight(list.name());
      double[] values = spec.method() == FusionMethod.LINEAR
          ? spec.normalization().apply(list.scores()) : new double[list.size()];
      Map<Integer, Integer> position = new HashMap<>();
      for (int i = 0; i < list.size(); i++) {
        int doc = list.docs()[i];
        if (position.putIfAbsent(doc, i) != null) {
          throw new IllegalArgumentException(list.name() + " lists document " + doc + " twice");
        }
        fused.merge(doc, contribution(spec, weight, i + 1, values[i]), Double::sum);
      }
      normalised.add(values);
      positions.add(position);
    }
    List<Map.Entry<Integer, Double>> ranked = new ArrayList<>(fused.entrySet());
    ranked.sort(Comparator.<Map.Entry<Integer, Double>>comparingDouble(Map.Entry::getValue)
        .reversed()
        .thenComparingInt(Map.Entry::getKey));
    int[] docs = new int[ranked.size()];
    double[] scores = new double[ranked.size()];
    Map<Integer, Integer> order = new HashMap<>();
    for (int i = 0; i < docs.length; i++) {
      docs[i] = ranked.get(i).getKey();
      scores[i] = ranked.get(i).getValue();
      order.put(docs[i], i);
    }
    return new FusedHits(spec, lists, normalised, positions, docs, scores, order);
  }

  /** What a document at a 1-based rank, with a normalised score, gets from one list. */
  static double contribution(FusionSpec spec, double weight, int rank, double normalised) {
    return spec.method() == FusionMethod.RRF
        ? weight / (spec.rrfK() + (double) rank)
        : weight * normalised;
  }
}
