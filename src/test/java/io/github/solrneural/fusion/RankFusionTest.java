package io.github.solrneural.fusion;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

/** The fusion arithmetic, checked against sums worked out by hand from the lists' ranks. */
public class RankFusionTest {
  private static final double EPSILON = 1e-12;

  private static FusionSpec rrf(int k, double lexicalWeight, double vectorWeight) {
    return new FusionSpec(List.of("lexical", "vector"), List.of(lexicalWeight, vectorWeight),
        FusionMethod.RRF, k, Normalization.MINMAX, 100);
  }

  private static FusionSpec linear(Normalization normalization, double lexicalWeight) {
    return new FusionSpec(List.of("lexical", "vector"), List.of(lexicalWeight, 1.0),
        FusionMethod.LINEAR, 60, normalization, 100);
  }

  private static RankedList list(String name, int[] docs, float[] scores) {
    return new RankedList(name, docs, scores);
  }

  private static final RankedList LEXICAL =
      list("lexical", new int[] {7, 3, 9}, new float[] {12f, 8f, 2f});
  private static final RankedList VECTOR =
      list("vector", new int[] {3, 5, 7}, new float[] {0.9f, 0.8f, 0.4f});

  @Test
  public void rrfSumsOneOverKPlusRankOverTheListsADocumentIsIn() {
    FusedHits hits = RankFusion.fuse(rrf(60, 1, 1), List.of(LEXICAL, VECTOR));
    // 3: ranks 2 and 1; 7: ranks 1 and 3; 5: rank 2 in vector only; 9: rank 3 in lexical only.
    assertEquals(1.0 / 62 + 1.0 / 61, hits.scoreOf(3), EPSILON);
    assertEquals(1.0 / 61 + 1.0 / 63, hits.scoreOf(7), EPSILON);
    assertEquals(1.0 / 62, hits.scoreOf(5), EPSILON);
    assertEquals(1.0 / 63, hits.scoreOf(9), EPSILON);
    assertTrue(Double.isNaN(hits.scoreOf(4)));
    assertEquals(4, hits.size());
    assertArrayEquals(new int[] {3, 7, 5, 9}, order(hits));
  }

  @Test
  public void aDocumentInOneListOnlyGetsThatListsShareAndAnAbsentPart() {
    FusedHits hits = RankFusion.fuse(rrf(60, 1, 1), List.of(LEXICAL, VECTOR));
    List<FusedHits.Part> parts = hits.parts(9);
    assertEquals(3, parts.get(0).rank());
    assertEquals(2f, parts.get(0).score(), 0f);
    assertFalse(parts.get(1).ranked());
    assertEquals(0, parts.get(1).contribution(), 0);
  }

  @Test
  public void rrfWeightsScaleEachListsShareAndKFlattensRanks() {
    FusedHits weighted = RankFusion.fuse(rrf(10, 2, 0.5), List.of(LEXICAL, VECTOR));
    assertEquals(2.0 / 12 + 0.5 / 11, weighted.scoreOf(3), EPSILON);
    assertEquals(2.0 / 11 + 0.5 / 13, weighted.scoreOf(7), EPSILON);
    assertArrayEquals(new int[] {7, 3, 9, 5}, order(weighted));
    FusedHits unweighted = RankFusion.fuse(rrf(1, 0, 1), List.of(LEXICAL, VECTOR));
    assertEquals("weight 0: lexical-only document 9 scores 0 yet matches",
        0.0, unweighted.scoreOf(9), 0);
  }

  @Test
  public void tiesAreBrokenByTheLowerDocumentId() {
    // 4 and 2 are each ranked first in one list: equal RRF scores.
    FusedHits hits = RankFusion.fuse(rrf(60, 1, 1), List.of(
        list("lexical", new int[] {4}, new float[] {1f}),
        list("vector", new int[] {2}, new float[] {1f})));
    assertArrayEquals(new int[] {2, 4}, order(hits));
    assertEquals(hits.score(0), hits.score(1), 0);
  }

  @Test
  public void linearMinMaxMapsEachListToZeroToOne() {
    FusedHits hits = RankFusion.fuse(linear(Normalization.MINMAX, 1), List.of(LEXICAL, VECTOR));
    // lexical 12, 8, 2 -> 1, 0.6, 0; vector 0.9, 0.8, 0.4 -> 1, 0.8, 0.
    double vector5 = (0.8f - 0.4f) / (double) (0.9f - 0.4f);
    assertEquals(1.0 + 0.0, hits.scoreOf(7), EPSILON);
    assertEquals(0.6 + 1.0, hits.scoreOf(3), EPSILON);
    assertEquals(vector5, hits.scoreOf(5), EPSILON);
    assertEquals(0.0, hits.scoreOf(9), EPSILON);
    assertArrayEquals(new int[] {3, 7, 5, 9}, order(hits));
  }

  @Test
  public void linearMinMaxOfAFlatListGivesEachOne() {
    FusedHits hits = RankFusion.fuse(linear(Normalization.MINMAX, 1), List.of(
        list("lexical", new int[] {8}, new float[] {3f}),
        list("vector", new int[] {1, 8}, new float[] {0.5f, 0.5f})));
    assertEquals(2.0, hits.scoreOf(8), EPSILON);
    assertEquals(1.0, hits.scoreOf(1), EPSILON);
  }

  @Test
  public void linearL2DividesByTheListsNormTimesTheWeight() {
    FusedHits hits = RankFusion.fuse(linear(Normalization.L2, 3), List.of(LEXICAL, VECTOR));
    double lexicalNorm = Math.sqrt(12.0 * 12 + 8.0 * 8 + 2.0 * 2);
    double vectorNorm = Math.sqrt(sq(0.9f) + sq(0.8f) + sq(0.4f));
    assertEquals(3 * 8 / lexicalNorm + 0.9f / vectorNorm, hits.scoreOf(3), EPSILON);
    assertEquals(3 * 12 / lexicalNorm + 0.4f / vectorNorm, hits.scoreOf(7), EPSILON);
    assertEquals(0.8f / vectorNorm, hits.scoreOf(5), EPSILON);
    FusedHits.Part part = hits.parts(3).get(0);
    assertEquals(8 / lexicalNorm, part.normalised(), EPSILON);
    assertEquals(3 * 8 / lexicalNorm, part.contribution(), EPSILON);
  }

  @Test
  public void emptyListsFuseToNothing() {
    FusedHits hits = RankFusion.fuse(rrf(60, 1, 1), List.of(
        list("lexical", new int[0], new float[0]), list("vector", new int[0], new float[0])));
    assertEquals(0, hits.size());
  }

  private static double sq(float value) {
    return (double) value * value;
  }

  private static int[] order(FusedHits hits) {
    int[] docs = new int[hits.size()];
    for (int i = 0; i < docs.length; i++) {
      docs[i] = hits.doc(i);
    }
    return docs;
  }
}
