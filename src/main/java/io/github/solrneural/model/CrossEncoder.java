package io.github.solrneural.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores (query, passage) pairs with a cross-encoder: one raw logit per pair, computed in batched
 * forward passes. The pair is built by the tokenizer's own template; only the passage is cut.
 */
public final class CrossEncoder {
  private final LoadedModel model;

  public CrossEncoder(LoadedModel model) {
    if (model.spec().kind() != ModelKind.CROSS_ENCODER) {
      throw new IllegalArgumentException(
          "model " + model.spec().folder() + " is not a cross-encoder");
    }
    if (model.outputDimension() != 1) {
      throw new IllegalArgumentException(
          "cross-encoder " + model.spec().modelFile() + " has " + model.outputDimension()
              + " outputs per pair, expected 1 relevance logit");
    }
    this.model = model;
  }

  /**
   * The raw logit of each passage against the query, in the passages' order. A passage that occurs
   * more than once (the same stored text under two hits) is tokenised and scored once.
   */
  public float[] score(String query, List<String> passages) {
    Map<String, Integer> distinct = new HashMap<>();
    int[] slots = new int[passages.size()];
    List<TokenSequence> pairs = new ArrayList<>(passages.size());
    for (int i = 0; i < slots.length; i++) {
      Integer slot = distinct.get(passages.get(i));
      if (slot == null) {
        slot = pairs.size();
        distinct.put(passages.get(i), slot);
        pairs.add(model.tokenizer().encodePair(query, passages.get(i)));
      }
      slots[i] = slot;
    }
    float[] distinctScores = new float[pairs.size()];
    List<int[]> batches =
        LengthBatches.of(pairs, model.spec().batchSize(), model.spec().maxBatchTokens());
    List<PaddedBatch> padded = new ArrayList<>(batches.size());
    for (int[] positions : batches) {
      padded.add(PaddedBatch.of(LengthBatches.select(pairs, positions)));
    }
    List<ModelOutput> outputs = model.runAll(padded);
    for (int b = 0; b < batches.size(); b++) {
      int[] positions = batches.get(b);
      ModelOutput output = outputs.get(b);
      if (output.data().length != positions.length) {
        throw new InferenceException(
            "cross-encoder " + model.spec().modelFile() + " returned shape "
                + Arrays.toString(output.shape()) + " for " + positions.length + " pairs",
            null);
      }
      for (int row = 0; row < positions.length; row++) {
        distinctScores[positions[row]] = output.data()[row];
      }
    }
    float[] scores = new float[slots.length];
    for (int i = 0; i < slots.length; i++) {
      scores[i] = distinctScores[slots[i]];
    }
    return scores;
  }

  public static float sigmoid(float logit) {
    return (float) (1.0 / (1.0 + Math.exp(-logit)));
  }
}
