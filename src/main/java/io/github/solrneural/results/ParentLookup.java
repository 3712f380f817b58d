package io.github.solrneural.results;

import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.solr.search.SolrIndexSearcher;
import org.apache.solr.search.SolrReturnFields;

/**
 * Finds the source documents of many hits with one search: the hits' block roots, looked up in
 * one {@link TermInSetQuery} on the unique key. A hit without a block root (a document indexed
 * without chunks) is its own source document.
 */
final class ParentLookup {
  private ParentLookup() {}

  /**
   * The requested fields of each hit's source document, by the hit's Lucene id. A plain map, not a
   * SolrDocument: response writers filter a nested document's fields by the request's own fl.
   */
  static Map<Integer, Map<String, Object>> parentsOf(
      SolrIndexSearcher searcher, int[] hits, SolrReturnFields fields) throws IOException {
    Map<Integer, Map<String, Object>> byHit = new HashMap<>();
    if (hits.length == 0) {
      return byHit;
    }
    BytesRef[] roots = BlockRoots.read(searcher.getIndexReader(), BlockRoots.ROOT_FIELD, hits);
    Set<BytesRef> wanted = new HashSet<>();
    for (BytesRef root : roots) {
      if (root != null) {
        wanted.add(root);
      }
    }
    Map<BytesRef, Integer> parentDocs = findByKey(searcher, wanted);
    Map<Integer, Map<String, Object>> fetched = new HashMap<>();
    for (int i = 0; i < hits.length; i++) {
      Integer parent = roots[i] == null ? Integer.valueOf(hits[i]) : parentDocs.get(roots[i]);
      if (parent != null) {
        Map<String, Object> doc = fetched.get(parent);
        if (doc == null) {
          doc = new LinkedHashMap<>();
          for (Map.Entry<String, Object> field : searcher.getDocFetcher().solrDoc(parent, fields)) {
            doc.put(field.getKey(), field.getValue());
          }
          doc = Collections.unmodifiableMap(doc);
          fetched.put(parent, doc);
        }
        byHit.put(hits[i], doc);
      }
    }
    return byHit;
  }

  /** The Lucene id of each live document whose unique key is one of {@code keys}. */
  private static Map<BytesRef, Integer> findByKey(SolrIndexSearcher searcher, Set<BytesRef> keys)
      throws IOException {
    Map<BytesRef, Integer> found = new HashMap<>();
    if (keys.isEmpty()) {
      return found;
    }
    String keyField = searcher.getSchema().getUniqueKeyField().getName();
    ScoreDoc[] docs = searcher.search(new TermInSetQuery(keyField, keys), keys.size()).scoreDocs;
    int[] docIds = new int[docs.length];
    for (int i = 0; i < docs.length; i++) {
      docIds[i] = docs[i].doc;
    }
    // A source document with chunks holds its own key as its block root.
    BytesRef[] ownKeys = BlockRoots.read(searcher.getIndexReader(), BlockRoots.ROOT_FIELD, docIds);
    for (int i = 0; i < docIds.length; i++) {
      if (ownKeys[i] != null) {
        found.put(ownKeys[i], docIds[i]);
      }
    }
    return found;
  }
}
