package io.github.solrneural.update;

import java.util.Collection;
import java.util.Set;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.CommonParams;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.core.SolrCore;
import org.apache.solr.request.LocalSolrQueryRequest;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.request.SolrRequestHandler;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.schema.IndexSchema;
import org.apache.solr.update.processor.AtomicUpdateDocumentMerger;

/**
 * Turns an atomic update that changes an input field into the whole new document, so it can be
 * chunked and embedded again where it is received (before distribution, embedding once). It reads
 * the stored document through real-time get, which SolrCloud routes to the document's shard, and
 * applies the update's operations as Solr would. The stored version goes on the result, so a
 * concurrent change of the document makes this update fail with a version conflict instead of
 * being lost.
 */
final class StoredDocumentMerger {
  private static final Set<String> BLOCK_FIELDS =
      Set.of(IndexSchema.ROOT_FIELD_NAME, IndexSchema.NEST_PATH_FIELD_NAME);

  private final SolrQueryRequest req;
  private final String uniqueKey;

  StoredDocumentMerger(SolrQueryRequest req, String uniqueKey) {
    this.req = req;
    this.uniqueKey = uniqueKey;
  }

  SolrInputDocument merge(SolrInputDocument atomicUpdate, Collection<String> derivedFields) {
    String id = String.valueOf(atomicUpdate.getFieldValue(uniqueKey));
    SolrInputDocument stored = storedDocument(id);
    Object storedVersion = stored.getFieldValue(CommonParams.VERSION_FIELD);
    stored.removeField(CommonParams.VERSION_FIELD);
    BLOCK_FIELDS.forEach(stored::removeField);
    derivedFields.forEach(stored::removeField); // recomputed from the new text
    SolrInputDocument merged = new AtomicUpdateDocumentMerger(req).merge(atomicUpdate, stored);
    if (storedVersion != null && !merged.containsKey(CommonParams.VERSION_FIELD)) {
      merged.setField(CommonParams.VERSION_FIELD, storedVersion);
    }
    return merged;
  }

  private SolrInputDocument storedDocument(String id) {
    SolrCore core = req.getCore();
    SolrRequestHandler realTimeGet = core.getRequestHandler("/get");
    if (realTimeGet == null) {
      throw new SolrException(
          SolrException.ErrorCode.SERVER_ERROR,
          "re-embedding an atomic update needs the /get (real-time get) handler");
    }
    ModifiableSolrParams params = new ModifiableSolrParams();
    params.set("id", id);
    params.set(CommonParams.FL, "*");
    SolrQueryResponse rsp = new SolrQueryResponse();
    try (LocalSolrQueryRequest get = new LocalSolrQueryRequest(core, params)) {
      realTimeGet.handleRequest(get, rsp);
    }
    if (rsp.getException() != null) {
      throw new SolrException(
          SolrException.ErrorCode.SERVER_ERROR,
          "cannot read document '" + id + "' to apply its atomic update: " + rsp.getException(),
          rsp.getException());
    }
    Object found = rsp.getValues().get("doc");
    SolrInputDocument stored = new SolrInputDocument();
    if (found instanceof SolrDocument) {
      for (String field : ((SolrDocument) found).getFieldNames()) {
        if (!(((SolrDocument) found).getFieldValue(field) instanceof SolrDocument)) {
          stored.setField(field, ((SolrDocument) found).getFieldValues(field));
        }
      }
    } else {
      stored.setField(uniqueKey, id); // a new document, as for Solr's own atomic updates
    }
    return stored;
  }
}
