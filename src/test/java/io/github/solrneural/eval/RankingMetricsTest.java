package io.github.solrneural.eval;

import static org.junit.Assert.assertEquals;

import io.github.solrneural.eval.RankingMetrics.Hit;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Metric values worked out by hand. */
public class RankingMetricsTest {
  private static final double EPS = 1e-9;

  @Test
  public void gradedNdcgUsesLinearGainAndTheIdealOrder() {
    // Ranking: a(rel 1), b(0), c(2). DCG@3 = 1/log2(2) + 0 + 2/log2(4) = 1 + 1 = 2.
    // Ideal: c(2), a(1), d(1). IDCG@3 = 2 + 1/log2(3) + 1/log2(4) = 2 + 0.6309297536 + 0.5.
    Map<String, Integer> judged = Map.of("a", 1, "c", 2, "d", 1);
    List<Hit> hits = List.of(new Hit("a", 3), new Hit("b", 2), new Hit("c", 1));
    double idcg = 2 + 1 / (Math.log(3) / Math.log(2)) + 0.5;
    assertEquals(2 / idcg, RankingMetrics.ndcg("q", hits, judged, 3), EPS);
    // @1: DCG = 1, IDCG = 2
    assertEquals(0.5, RankingMetrics.ndcg("q", hits, judged, 1), EPS);
  }

  @Test
  public void aQueryWithNothingRelevantRetrievedScoresZero() {
    Map<String, Integer> judged = Map.of("x", 1);
    List<Hit> hits = List.of(new Hit("a", 3), new Hit("b", 2));
    assertEquals(0, RankingMetrics.ndcg("q", hits, judged, 10), EPS);
    assertEquals(0, RankingMetrics.recall("q", hits, judged, 100), EPS);
    assertEquals(0, RankingMetrics.mrr("q", hits, judged, 10), EPS);
    assertEquals(0, RankingMetrics.ndcg("q", List.of(), judged, 10), EPS);
  }

  @Test
  public void tiesAreBrokenByDocumentIdDescendingAsTrecEvalDoes() {
    // Equal scores: "b" ranks before "a".
    Map<String, Integer> judged = Map.of("a", 1);
    List<Hit> hits = List.of(new Hit("a", 1), new Hit("b", 1));
    assertEquals(0.5, RankingMetrics.mrr("q", hits, judged, 10), EPS);
    assertEquals(1 / (Math.log(3) / Math.log(2)), RankingMetrics.ndcg("q", hits, judged, 10), EPS);
  }

  @Test
  public void theQueryItsOwnIdIsIgnoredAsBeirDoes() {
    Map<String, Integer> judged = Map.of("a", 1);
    List<Hit> hits = List.of(new Hit("q1", 9), new Hit("a", 5));
    assertEquals(1.0, RankingMetrics.mrr("q1", hits, judged, 10), EPS);
    assertEquals(1.0, RankingMetrics.ndcg("q1", hits, judged, 10), EPS);
  }

  @Test
  public void recallCountsRelevantDocumentsWithinTheCutoff() {
    Map<String, Integer> judged = Map.of("a", 1, "b", 2, "c", 0, "d", 1);
    List<Hit> hits = List.of(new Hit("a", 4), new Hit("c", 3), new Hit("b", 2), new Hit("d", 1));
    assertEquals(2.0 / 3, RankingMetrics.recall("q", hits, judged, 3), EPS);
    assertEquals(1.0, RankingMetrics.recall("q", hits, judged, 100), EPS);
    assertEquals(1.0, RankingMetrics.mrr("q", hits, judged, 10), EPS);
  }
}
