package io.github.solrneural.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores (query, passage) pairs with a cross-encoder: one raw logit per pair, computed in batched
 * forward passes. The pair is built by the tokenizer's own template; only the passage is cut.
 */
public final class CrossEncoder implements PairScorer {
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
   * more than once (the same stored text under two hits) is tokenised and scored once; a pair
   * scored before (the same query and passage as this model reads them) comes from the model's
   * pair cache, and only the other pairs go through the model, in one call. The budget is checked
   * before each tokenisation, before each forward pass starts and after the last ends: scores that
   * come too late are not returned.
   */
  @Override
  public float[] score(String query, List<String> passages, Budget budget) {
    budget.check();
    // A long query (say 100 KB) is cut once here, not once (or twice) per passage.
    String pairedQuery = model.tokenizer().cutAfterMaxLength(query);
    InferenceCache<Float> cache = model.pairCache();
    Map<String, Integer> distinct = new HashMap<>();
    int[] slots = new int[passages.size()];
    List<Float> known = new ArrayList<>();
    List<CacheKey> keys = new ArrayList<>();
    List<TokenSequence> pairs = new ArrayList<>(passages.size());
    for (int i = 0; i < slots.length; i++) {
      String passage = passages.get(i);
      Integer slot = distinct.get(passage);
      if (slot == null) {
        budget.check();
        slot = known.size();
        distinct.put(passage, slot);
        String read = model.tokenizer().cutBeforeTokenizing(passage);
        CacheKey key = cache.enabled() ? CacheKey.of(pairedQuery, read) : null;
        Float stored = key == null ? null : cache.get(key);
        known.add(stored);
        keys.add(key);
        if (stored == null) {
          pairs.add(model.tokenizer().encodePairOfCutTexts(pairedQuery, read, passage.length()));
        }
      }
      slots[i] = slot;
    }
    float[] computed = pairs.isEmpty() ? new float[0] : run(pairs, budget);
    float[] distinctScores = new float[known.size()];
    for (int d = 0, next = 0; d < distinctScores.length; d++) {
      if (known.get(d) != null) {
        distinctScores[d] = known.get(d);
      } else {
        distinctScores[d] = computed[next++];
        if (keys.get(d) != null) {
          cache.put(keys.get(d), distinctScores[d]);
        }
      }
    }
    float[] scores = new float[slots.length];
    for (int i = 0; i < slots.length; i++) {
      scores[i] = distinctScores[slots[i]];
    }
    return scores;
  }

  /** The raw logit of each (query, passage) pair, each pair with its own query. */
  public float[] scorePairs(List<String> queries, List<String> passages) {
    if (queries.size() != passages.size()) {
      throw new IllegalArgumentException(
          queries.size() + " queries for " + passages.size() + " passages");
    }
    List<TokenSequence> pairs = new ArrayList<>(passages.size());
    for (int i = 0; i < passages.size(); i++) {
      pairs.add(model.tokenizer().encodePair(queries.get(i), passages.get(i)));
    }
    return run(pairs, Budget.UNLIMITED);
  }

  private float[] run(List<TokenSequence> pairs, Budget budget) {
    float[][] logits = model.run(pairs, budget); // one per pair: outputDimension() is 1
    float[] scores = new float[logits.length];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = logits[i][0];
      if (!Float.isFinite(scores[i])) {
        // NaN would sort first (or anywhere): a broken model, not a score.
        throw model.unusableOutput("returned a logit of " + scores[i] + " for a pair");
      }
    }
    return scores;
  }

  public static float sigmoid(float logit) {
    return (float) (1.0 / (1.0 + Math.exp(-logit)));
  }
}
