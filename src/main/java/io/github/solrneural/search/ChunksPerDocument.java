package io.github.solrneural.search;

import io.github.solrneural.results.BlockRoots;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.util.BytesRef;

/**
 * {@code chunksPerDocument=n}: of a reranked window, keeps each source document's n best chunks,
 * in the window's order, so the list ranks documents by their best reranked chunk. A document's
 * chunks share its block (and shard), and the block root ({@code _root_}) tells the document; a
 * hit without one is a document of its own. Per shard this is exact, so the coordinator's merge by
 * score keeps it.
 */
final class ChunksPerDocument {
  private ChunksPerDocument() {}

  /**
   * The positions of {@code documentOf} (one entry per ranked hit) to keep: each document's first
   * {@code n}, in order.
   */
  static int[] kept(Object[] documentOf, int n) {
    Map<Object, Integer> seen = new HashMap<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < documentOf.length; i++) {
      int count = seen.merge(documentOf[i], 1, Integer::sum);
      if (count <= n) {
        positions.add(i);
      }
    }
    return positions.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The window's hits that remain once each document keeps its n best, counted as the hits: the
   * answer list is the whole result.
   */
  static TopDocs keep(TopDocs window, IndexSearcher searcher, int n) throws IOException {
    ScoreDoc[] ranked = window.scoreDocs;
    int[] docIds = new int[ranked.length];
    for (int i = 0; i < ranked.length; i++) {
      docIds[i] = ranked[i].doc;
    }
    BytesRef[] roots = BlockRoots.read(searcher.getIndexReader(), BlockRoots.ROOT_FIELD, docIds);
    Object[] documentOf = new Object[ranked.length];
    for (int i = 0; i < ranked.length; i++) {
      documentOf[i] = roots[i] != null ? roots[i] : Integer.valueOf(docIds[i]);
    }
    int[] positions = kept(documentOf, n);
    // A copy of the same array type: Solr's rescored hits are RescoreDocs.
    ScoreDoc[] answers = Arrays.copyOf(ranked, positions.length);
    for (int i = 0; i < positions.length; i++) {
      answers[i] = ranked[positions[i]];
    }
    return new TopDocs(new TotalHits(answers.length, TotalHits.Relation.EQUAL_TO), answers);
  }

  /** The hits {@code [start, start + howMany)} of a list. */
  static TopDocs page(TopDocs all, int start, int howMany) {
    int from = Math.min(Math.max(start, 0), all.scoreDocs.length);
    int to = (int) Math.min((long) from + Math.max(howMany, 0), all.scoreDocs.length);
    return new TopDocs(all.totalHits, Arrays.copyOfRange(all.scoreDocs, from, to));
  }
}
