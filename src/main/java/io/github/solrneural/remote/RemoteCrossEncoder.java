package io.github.solrneural.remote;

import io.github.solrneural.model.Budget;
import io.github.solrneural.model.PairScorer;
import java.util.List;

/** Scores pairs through a remote endpoint, {@code maxItemsPerCall} pairs per call. */
final class RemoteCrossEncoder implements PairScorer {
  private final EndpointClient client;

  RemoteCrossEncoder(EndpointClient client) {
    this.client = client;
  }

  @Override
  public float[] score(String query, List<String> passages, Budget budget) {
    float[] scores = new float[passages.size()];
    int perCall = client.spec().maxItemsPerCall();
    for (int from = 0; from < passages.size(); from += perCall) {
      List<String> slice = passages.subList(from, Math.min(passages.size(), from + perCall));
      float[] answered =
          client.post(
              ScoringContract.pairsRequest(query, slice),
              answer -> ScoringContract.readScores(answer, slice.size()),
              budget);
      System.arraycopy(answered, 0, scores, from, answered.length);
    }
    budget.check();
    return scores;
  }
}
