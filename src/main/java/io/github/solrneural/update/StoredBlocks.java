package io.github.solrneural.update;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.IndexableField;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.CommonParams;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.util.StrUtils;
import org.apache.solr.core.SolrCore;
import org.apache.solr.request.LocalSolrQueryRequest;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.request.SolrRequestHandler;
import org.apache.solr.response.DocsStreamer;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.schema.IndexSchema;

/**
 * Reads stored documents with their chunk children through real-time get ({@code /get?ids=...&
 * fl=*,[child]}): it sees what was added but not yet committed (the update log's blocks carry
 * their children; for those Solr opens a real-time searcher for {@code [child]}), and in SolrCloud
 * it routes each id to its shard. A search by {@code _root_} would miss uncommitted documents.
 * Each read asks for at most {@code readBatch} ids. One instance per update request: what an
 * atomic update read is kept until the request's next flush takes it, so it is read once.
 */
final class StoredBlocks {
  private static final String FIELDS = "*,[child]";

  private final SolrQueryRequest req;
  private final String uniqueKey;
  private final int readBatch;
  private final boolean keep;
  private final Map<String, SolrDocument> kept = new HashMap<>();

  /** @param keep whether what {@link #readOne} reads is kept for {@link #take} (reuse is on) */
  StoredBlocks(SolrQueryRequest req, String uniqueKey, int readBatch, boolean keep) {
    this.req = req;
    this.uniqueKey = uniqueKey;
    this.readBatch = readBatch;
    this.keep = keep;
  }

  /** The stored version of one document, or null; kept for the next {@link #take}. */
  SolrDocument readOne(String id) {
    SolrDocument stored = read(List.of(id)).get(id);
    if (stored != null && keep) {
      kept.put(id, stored);
    }
    return stored;
  }

  /** The stored versions of these ids (absent: none stored), read in batches of readBatch ids. */
  Map<String, SolrDocument> take(List<String> ids) {
    Map<String, SolrDocument> found = new HashMap<>();
    Set<String> toRead = new LinkedHashSet<>();
    for (String id : ids) {
      SolrDocument known = kept.remove(id);
      if (known != null) {
        found.put(id, known);
      } else if (!found.containsKey(id)) {
        toRead.add(id);
      }
    }
    List<String> unread = new ArrayList<>(toRead);
    for (int from = 0; from < unread.size(); from += readBatch) {
      found.putAll(read(unread.subList(from, Math.min(unread.size(), from + readBatch))));
    }
    return found;
  }

  /** The document will not be embedded: what was read for it is no longer needed. */
  void drop(String id) {
    kept.remove(id);
  }

  /** The children of a stored document, wherever the response put them. */
  static List<SolrDocument> children(SolrDocument parent) {
    List<SolrDocument> children = new ArrayList<>();
    for (Object value : parent.values()) {
      if (value instanceof SolrDocument) {
        children.add((SolrDocument) value);
      } else if (value instanceof Collection) {
        for (Object item : (Collection<?>) value) {
          if (item instanceof SolrDocument) {
            children.add((SolrDocument) item);
          }
        }
      }
    }
    if (parent.getChildDocuments() != null) {
      children.addAll(parent.getChildDocuments());
    }
    return children;
  }

  /**
   * A local read (the document's shard is here) gives Lucene's stored fields, which only the
   * response writer turns into values: turned here as it does, children included.
   */
  private static void plainValues(SolrDocument doc, IndexSchema schema) {
    for (String name : new ArrayList<>(doc.getFieldNames())) {
      Collection<Object> values = doc.getFieldValues(name);
      if (values.stream().noneMatch(v -> v instanceof IndexableField || v instanceof SolrDocument)) {
        continue;
      }
      List<Object> plain = new ArrayList<>(values.size());
      for (Object value : values) {
        if (value instanceof IndexableField) {
          plain.add(DocsStreamer.getValue(schema.getFieldOrNull(name), (IndexableField) value));
        } else {
          if (value instanceof SolrDocument) {
            plainValues((SolrDocument) value, schema);
          }
          plain.add(value);
        }
      }
      doc.setField(name, plain);
    }
    if (doc.getChildDocuments() != null) {
      doc.getChildDocuments().forEach(child -> plainValues(child, schema));
    }
  }

  private Map<String, SolrDocument> read(List<String> ids) {
    SolrCore core = req.getCore();
    SolrRequestHandler realTimeGet = core.getRequestHandler("/get");
    if (realTimeGet == null) {
      throw new SolrException(SolrException.ErrorCode.SERVER_ERROR,
          "reading stored documents needs the /get (real-time get) handler");
    }
    ModifiableSolrParams params = new ModifiableSolrParams();
    params.set("ids", StrUtils.join(ids, ',')); // escapes commas within ids
    params.set(CommonParams.FL, FIELDS);
    SolrQueryResponse rsp = new SolrQueryResponse();
    try (LocalSolrQueryRequest get = new LocalSolrQueryRequest(core, params)) {
      realTimeGet.handleRequest(get, rsp);
    }
    if (rsp.getException() != null) {
      throw new SolrException(SolrException.ErrorCode.SERVER_ERROR,
          "cannot read stored documents " + ids + ": " + rsp.getException(), rsp.getException());
    }
    Map<String, SolrDocument> found = new HashMap<>();
    Object response = rsp.getValues().get("response");
    if (response instanceof SolrDocumentList) {
      for (SolrDocument doc : (SolrDocumentList) response) {
        plainValues(doc, core.getLatestSchema());
        found.put(String.valueOf(doc.getFirstValue(uniqueKey)), doc);
      }
    }
    return found;
  }
}
