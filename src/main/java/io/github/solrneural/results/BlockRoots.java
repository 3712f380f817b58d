package io.github.solrneural.results;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.util.BytesRef;

/**
 * Reads the block root ({@code _root_} docValues: the source document's unique key) of documents.
 * Every document of a block (the source document and its chunks) holds it; a document indexed
 * without children may have none, and is then a block of its own.
 */
public final class BlockRoots {
  /** Solr's block root field: every document of a nested block holds the root's unique key. */
  public static final String ROOT_FIELD = "_root_";

  private BlockRoots() {}

  /**
   * The root key of each document, in the order given; {@code null} for a document without one.
   * Reads each segment's docValues forward once, so the cost is one pass over the sorted ids.
   */
  public static BytesRef[] read(IndexReader reader, String rootField, int[] docIds)
      throws IOException {
    BytesRef[] roots = new BytesRef[docIds.length];
    Integer[] order = new Integer[docIds.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(docIds[a], docIds[b]));
    List<LeafReaderContext> leaves = reader.leaves();
    int leafIndex = -1;
    SortedDocValues values = null;
    LeafReaderContext leaf = null;
    int previousDoc = -1;
    BytesRef previousRoot = null;
    for (int position : order) {
      int docId = docIds[position];
      // A document listed twice: docValues iterators only move forward.
      if (docId != previousDoc) {
        int wanted = ReaderUtil.subIndex(docId, leaves);
        if (wanted != leafIndex) {
          leafIndex = wanted;
          leaf = leaves.get(wanted);
          values = DocValues.getSorted(leaf.reader(), rootField);
        }
        previousDoc = docId;
        previousRoot = values.advanceExact(docId - leaf.docBase)
            ? BytesRef.deepCopyOf(values.lookupOrd(values.ordValue()))
            : null;
      }
      roots[position] = previousRoot;
    }
    return roots;
  }
}
