package io.github.solrneural.search;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import io.github.solrneural.model.PairScorer;
import java.util.concurrent.atomic.LongAdder;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;
import org.junit.Test;

/** Which hits chunksPerDocument keeps, and that the parameter is part of the cache key. */
public class ChunksPerDocumentTest {
  @Test
  public void keepsEachDocumentsFirstChunksInOrder() {
    Object[] documentOf = {"a", "b", "a", "a", "c", "b", "a", 7};
    assertArrayEquals(new int[] {0, 1, 4, 7}, ChunksPerDocument.kept(documentOf, 1));
    assertArrayEquals(new int[] {0, 1, 2, 4, 5, 7}, ChunksPerDocument.kept(documentOf, 2));
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, ChunksPerDocument.kept(documentOf, 8));
  }

  @Test
  public void queriesDifferingOnlyInChunksPerDocumentAreDifferentCacheKeys() {
    CrossEncoderRerankQuery one = query(1);
    assertEquals(query(1), one);
    assertEquals(query(1).hashCode(), one.hashCode());
    assertNotEquals(query(2), one);
    assertNotEquals(query(0), one);
  }

  private static CrossEncoderRerankQuery query(int chunksPerDocument) {
    PairScorer unused = (text, passages, budget) -> new float[passages.size()];
    RerankRequest request = new RerankRequest(
        "m", "which passage", "f", 10, RerankMode.REPLACE, 1.0, false, chunksPerDocument);
    CrossEncoderRerankQuery query =
        new CrossEncoderRerankQuery(unused, request, false, -1, new LongAdder());
    return (CrossEncoderRerankQuery) query.wrap(new TermQuery(new Term("f", "a")));
  }
}
