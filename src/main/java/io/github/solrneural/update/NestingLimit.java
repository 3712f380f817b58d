package io.github.solrneural.update;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.SolrInputField;

/**
 * Refuses documents nested deeper than {@link #MAX_DEPTH} levels. Solr reads deeper ones, but
 * forwarding them to another node overflows the stack of its binary codec, a failure its update
 * client swallows: the documents would be acknowledged and lost.
 */
final class NestingLimit {
  static final int MAX_DEPTH = 64;

  private NestingLimit() {}

  /** Walks the children without recursion, so a deep document cannot overflow this either. */
  static void check(SolrInputDocument doc, String id) {
    Deque<SolrInputDocument> level = new ArrayDeque<>();
    level.add(doc);
    for (int depth = 0; !level.isEmpty(); depth++) {
      if (depth > MAX_DEPTH) {
        throw new SolrException(
            SolrException.ErrorCode.BAD_REQUEST,
            "document '" + id + "': nested documents deeper than " + MAX_DEPTH + " levels");
      }
      Deque<SolrInputDocument> next = new ArrayDeque<>();
      for (SolrInputDocument parent : level) {
        if (parent.getChildDocuments() != null) {
          next.addAll(parent.getChildDocuments());
        }
        for (SolrInputField field : parent) {
          addChildren(field.getValue(), next);
        }
      }
      level = next;
    }
  }

  private static void addChildren(Object value, Deque<SolrInputDocument> next) {
    if (value instanceof SolrInputDocument) {
      next.add((SolrInputDocument) value);
    } else if (value instanceof Collection) {
      for (Object element : (Collection<?>) value) {
        if (element instanceof SolrInputDocument) {
          next.add((SolrInputDocument) element);
        }
      }
    }
  }
}
