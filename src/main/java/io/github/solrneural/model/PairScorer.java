package io.github.solrneural.model;

import java.util.List;

/**
 * Scores (query, passage) pairs: one relevance score (the cross-encoder's raw logit) per passage,
 * in the passages' order. Implemented in-process by {@link CrossEncoder} and by remote clients.
 */
public interface PairScorer {

  /**
   * @throws BudgetExhaustedException when the budget runs out before every pair is scored
   * @throws BackendFailureException when a backend outside this JVM fails to answer
   * @throws InferenceException when an in-process model fails
   */
  float[] score(String query, List<String> passages, Budget budget);

  default float[] score(String query, List<String> passages) {
    return score(query, passages, Budget.UNLIMITED);
  }
}
