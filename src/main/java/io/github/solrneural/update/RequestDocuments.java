package io.github.solrneural.update;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.SolrInputField;
import org.apache.solr.common.params.CommonParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.update.DeleteUpdateCommand;
import org.apache.solr.update.processor.AtomicUpdateDocumentMerger;

/**
 * The source fields of the documents this update request has added so far, by id, so that an
 * atomic update of one of them is merged with what the same request sent, as Solr does when each
 * command is applied in turn. The stored document (real-time get) serves only ids this request has
 * not added: in SolrCloud a document just forwarded to its leader may not be readable yet.
 */
final class RequestDocuments {
  private final SolrQueryRequest req;
  private final String uniqueKey;
  private final StoredBlocks storedBlocks;
  private final Set<String> derivedFields;
  private final Map<String, SolrInputDocument> added = new HashMap<>();

  RequestDocuments(SolrQueryRequest req, String uniqueKey, StoredBlocks storedBlocks,
      Collection<String> derivedFields) {
    this.req = req;
    this.uniqueKey = uniqueKey;
    this.storedBlocks = storedBlocks;
    this.derivedFields = Set.copyOf(derivedFields);
  }

  /** Keeps the document's fields as sent (the values are shared, not copied). */
  void remember(String id, SolrInputDocument doc) {
    added.put(id, sourceFields(doc));
  }

  /** The document failed, or something it does not track changed it. */
  void forget(String id) {
    added.remove(id);
    storedBlocks.drop(id);
  }

  void forgetAfterDelete(DeleteUpdateCommand cmd) {
    if (cmd.isDeleteById()) {
      added.remove(cmd.getId());
    } else {
      added.clear(); // which ids a query deletes is not known here
    }
  }

  /** The whole new document: the atomic update applied to this request's or the stored version. */
  SolrInputDocument merge(SolrInputDocument atomicUpdate, String id) {
    SolrInputDocument base = added.get(id);
    if (base == null) {
      return new StoredDocumentMerger(req, uniqueKey, storedBlocks).merge(atomicUpdate, derivedFields);
    }
    // The merger changes the document it merges into: give it a copy.
    return new AtomicUpdateDocumentMerger(req).merge(atomicUpdate, sourceFields(base));
  }

  private SolrInputDocument sourceFields(SolrInputDocument doc) {
    SolrInputDocument copy = new SolrInputDocument();
    for (SolrInputField field : doc) {
      String name = field.getName();
      if (!derivedFields.contains(name) && !CommonParams.VERSION_FIELD.equals(name)) {
        SolrInputField kept = new SolrInputField(name);
        Object value = field.getValue();
        kept.setValue(value instanceof Collection ? new ArrayList<>((Collection<?>) value) : value);
        copy.put(name, kept);
      }
    }
    return copy;
  }
}
