package io.github.solrneural.search;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.solr.schema.SchemaField;
import org.apache.solr.schema.SortableTextField;
import org.apache.solr.schema.StrField;
import org.apache.solr.search.SolrIndexSearcher;

/**
 * Reads each candidate's passage from the rerank field: its stored values when the field is stored
 * (the full text, values in order), else its docValues, for string and sortable text fields (values
 * sorted; a SortableTextField keeps only its first maxCharsForDocValues characters there). Several
 * values are joined with newlines.
 */
final class PassageReader {
  private final String field;
  private final boolean fromDocValues;

  private PassageReader(String field, boolean fromDocValues) {
    this.field = field;
    this.fromDocValues = fromDocValues;
  }

  /** Whether a passage can be read from the field at all. */
  static boolean canRead(SchemaField field) {
    return field.stored() || hasTextDocValues(field);
  }

  private static boolean hasTextDocValues(SchemaField field) {
    return field.hasDocValues()
        && (field.getType() instanceof StrField || field.getType() instanceof SortableTextField);
  }

  /** The reader for the field as the searcher's schema declares it. */
  static PassageReader of(IndexSearcher searcher, String field) {
    if (searcher instanceof SolrIndexSearcher) {
      SchemaField schemaField = ((SolrIndexSearcher) searcher).getSchema().getFieldOrNull(field);
      if (schemaField != null && !schemaField.stored() && hasTextDocValues(schemaField)) {
        return new PassageReader(field, true);
      }
    }
    return new PassageReader(field, false);
  }

  /** The passages of the given documents, in the same order. */
  String[] read(IndexSearcher searcher, int[] docIds) throws IOException {
    return fromDocValues ? fromDocValues(searcher, docIds) : fromStored(searcher, docIds);
  }

  private String[] fromStored(IndexSearcher searcher, int[] docIds) throws IOException {
    Set<String> fields = Set.of(field);
    String[] passages = new String[docIds.length];
    for (int i = 0; i < docIds.length; i++) {
      Document document =
          searcher instanceof SolrIndexSearcher
              ? ((SolrIndexSearcher) searcher).getDocFetcher().doc(docIds[i], fields)
              : searcher.storedFields().document(docIds[i], fields);
      IndexableField[] values = document.getFields(field);
      String[] texts = new String[values.length];
      for (int v = 0; v < values.length; v++) {
        texts[v] = values[v].stringValue();
      }
      passages[i] = String.join("\n", texts);
    }
    return passages;
  }

  /** DocValues iterators only move forward, so the documents are visited in index order. */
  private String[] fromDocValues(IndexSearcher searcher, int[] docIds) throws IOException {
    Integer[] order = new Integer[docIds.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> docIds[i]));
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    String[] passages = new String[docIds.length];
    int leafIndex = -1;
    LeafReaderContext leaf = null;
    SortedSetDocValues values = null;
    for (int position : order) {
      int docId = docIds[position];
      int index = ReaderUtil.subIndex(docId, leaves);
      if (index != leafIndex) {
        leafIndex = index;
        leaf = leaves.get(index);
        values = DocValues.getSortedSet(leaf.reader(), field);
      }
      passages[position] = values.advanceExact(docId - leaf.docBase) ? join(values) : "";
    }
    return passages;
  }

  private static String join(SortedSetDocValues values) throws IOException {
    StringBuilder joined = new StringBuilder();
    for (int i = 0; i < values.docValueCount(); i++) {
      if (i > 0) {
        joined.append('\n');
      }
      joined.append(values.lookupOrd(values.nextOrd()).utf8ToString());
    }
    return joined.toString();
  }
}
