package io.github.solrneural.search;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the cross-encoder's score joins the first-stage score. replace, add and multiply follow Solr's
 * {@code {!rerank}} operators; blend min-max normalises both scores over the reranked window and
 * averages them, so it depends on the window (per shard in SolrCloud).
 */
public enum RerankMode {
  REPLACE,
  ADD,
  MULTIPLY,
  BLEND;

  /** Used when every score of the window is equal, where min-max is undefined. */
  static final float FLAT_NORMALISED = 0.5f;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Final scores of a window.
   *
   * @param firstStage the first-stage scores
   * @param rerank the cross-encoder scores (logits, or their sigmoid)
   * @param weight the rerank weight of replace, add and multiply
   */
  public float[] combine(float[] firstStage, float[] rerank, double weight) {
    float[] combined = new float[rerank.length];
    switch (this) {
      case REPLACE:
        for (int i = 0; i < combined.length; i++) {
          combined[i] = (float) (weight * rerank[i]);
        }
        break;
      case ADD:
        for (int i = 0; i < combined.length; i++) {
          combined[i] = (float) (firstStage[i] + weight * rerank[i]);
        }
        break;
      case MULTIPLY:
        for (int i = 0; i < combined.length; i++) {
          combined[i] = (float) (firstStage[i] * weight * rerank[i]);
        }
        break;
      default:
        float[] first = minMax(firstStage);
        float[] second = minMax(rerank);
        for (int i = 0; i < combined.length; i++) {
          combined[i] = 0.5f * first[i] + 0.5f * second[i];
        }
    }
    return combined;
  }

  static float[] minMax(float[] scores) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float score : scores) {
      min = Math.min(min, score);
      max = Math.max(max, score);
    }
    float[] normalised = new float[scores.length];
    if (!(max > min)) {
      Arrays.fill(normalised, FLAT_NORMALISED);
      return normalised;
    }
    for (int i = 0; i < scores.length; i++) {
      normalised[i] = (scores[i] - min) / (max - min);
    }
    return normalised;
  }
}
