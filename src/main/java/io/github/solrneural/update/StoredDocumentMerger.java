package io.github.solrneural.update;

import java.util.Collection;
import java.util.Set;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.CommonParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.schema.IndexSchema;
import org.apache.solr.update.processor.AtomicUpdateDocumentMerger;

/**
 * Turns an atomic update that changes an input field into the whole new document, so it can be
 * chunked and embedded again where it is received (before distribution, embedding once). It reads
 * the stored document with its chunks through real-time get ({@link StoredBlocks}), which SolrCloud
 * routes to the document's shard, so the chunks whose text stays take their stored vectors; and it
 * applies the update's operations as Solr would. The stored version goes on the result, so a
 * concurrent change of the document makes this update fail with a version conflict instead of
 * being lost.
 */
final class StoredDocumentMerger {
  private static final Set<String> BLOCK_FIELDS =
      Set.of(IndexSchema.ROOT_FIELD_NAME, IndexSchema.NEST_PATH_FIELD_NAME);

  private final SolrQueryRequest req;
  private final String uniqueKey;
  private final StoredBlocks storedBlocks;

  StoredDocumentMerger(SolrQueryRequest req, String uniqueKey, StoredBlocks storedBlocks) {
    this.req = req;
    this.uniqueKey = uniqueKey;
    this.storedBlocks = storedBlocks;
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
    SolrDocument found;
    try {
      found = storedBlocks.readOne(id);
    } catch (SolrException cannotRead) {
      throw new SolrException(SolrException.ErrorCode.SERVER_ERROR,
          "cannot read document '" + id + "' to apply its atomic update: " + cannotRead.getMessage(),
          cannotRead);
    }
    SolrInputDocument stored = new SolrInputDocument();
    if (found != null) {
      for (String field : found.getFieldNames()) {
        Collection<Object> values = found.getFieldValues(field);
        if (values.stream().noneMatch(value -> value instanceof SolrDocument)) { // not the chunks
          stored.setField(field, values);
        }
      }
    } else {
      stored.setField(uniqueKey, id); // a new document, as for Solr's own atomic updates
    }
    return stored;
  }
}
