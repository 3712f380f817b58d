package io.github.solrneural.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.response.ResultContext;
import org.apache.solr.response.transform.DocTransformer;
import org.apache.solr.search.DocIterationInfo;
import org.apache.solr.search.DocIterator;
import org.apache.solr.search.DocList;
import org.apache.solr.search.SolrIndexSearcher;
import org.apache.solr.search.SolrReturnFields;

/**
 * Puts each hit's source document fields, as a map, under the transformer's key. The source documents of the whole result
 * are fetched once, in {@link #setContext}; a hit met without that (as in /get) is looked up alone.
 * A hit that is a source document gets its own fields.
 */
final class ParentFieldsTransformer extends DocTransformer {
  private final String key;
  private final List<String> fields;
  private final SolrReturnFields returnFields;
  private SolrIndexSearcher searcher;
  private Map<Integer, Map<String, Object>> parents = Map.of();

  ParentFieldsTransformer(String key, List<String> fields) {
    this.key = key;
    this.fields = fields;
    this.returnFields = new SolrReturnFields(fields, null);
  }

  @Override
  public String getName() {
    return key;
  }

  @Override
  public boolean needsSolrIndexSearcher() {
    return true;
  }

  @Override
  public void setContext(ResultContext context) {
    super.setContext(context);
    searcher = context.getSearcher();
    DocList docs = context.getDocList();
    if (searcher == null || docs == null) {
      return;
    }
    int[] hits = new int[docs.size()];
    int count = 0;
    for (DocIterator it = docs.iterator(); it.hasNext() && count < hits.length; ) {
      hits[count++] = it.nextDoc();
    }
    try {
      parents = ParentLookup.parentsOf(searcher, Arrays.copyOf(hits, count), returnFields);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void transform(SolrDocument doc, int docid, DocIterationInfo docInfo) throws IOException {
    transform(doc, docid);
  }

  /** Solr 9's abstract form; Solr 10 calls the one above. */
  public void transform(SolrDocument doc, int docid) throws IOException {
    if (docid < 0) {
      return; // not from the index (an uncommitted document of /get): no block to read
    }
    Map<String, Object> parent = parents.get(docid);
    if (parent == null && searcher != null) {
      parent = ParentLookup.parentsOf(searcher, new int[] {docid}, returnFields).get(docid);
    }
    if (parent != null) {
      doc.setField(key, parent);
    }
  }

  @Override
  public String toString() {
    return "[parent fl=" + String.join(",", fields) + "]";
  }
}
