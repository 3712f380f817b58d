package io.github.solrneural.update;

import io.github.solrneural.chunk.Chunk;
import io.github.solrneural.chunk.RecursiveTextSplitter;
import io.github.solrneural.model.BackendFailureException;
import io.github.solrneural.model.TextEmbedder;
import io.github.solrneural.model.Embedding;
import io.github.solrneural.model.InferenceException;
import io.github.solrneural.model.ModelBusyException;
import io.github.solrneural.store.ModelBusyError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.SolrInputField;
import org.apache.solr.update.AddUpdateCommand;
import org.apache.solr.update.CommitUpdateCommand;
import org.apache.solr.update.DeleteUpdateCommand;
import org.apache.solr.update.MergeIndexesCommand;
import org.apache.solr.update.RollbackUpdateCommand;
import org.apache.solr.update.processor.AtomicUpdateDocumentMerger;
import org.apache.solr.update.processor.UpdateRequestProcessor;

/**
 * Chunks and embeds the documents of one update request. Texts are embedded in batches across
 * documents: added documents wait until there are texts enough for every forward pass the model
 * may run at once (or the request ends, or another command comes) and then go down the chain in
 * their original order.
 */
final class ChunkingEmbeddingUpdateProcessor extends UpdateRequestProcessor {
  private final ChunkingConfig config;
  private final TextEmbedder embedder;
  private final RecursiveTextSplitter splitter;
  private final String uniqueKey;
  private final ProcessorMetrics metrics;
  private final int dimension;
  private final List<PendingDocument> pending = new ArrayList<>();
  private int pendingTexts;

  /** An added document waiting for the vectors of its texts (one per chunk, or its whole text). */
  private record PendingDocument(AddUpdateCommand cmd, List<Chunk> chunks, String wholeText) {
    int textCount() {
      return chunks == null ? 1 : chunks.size();
    }

    List<String> texts() {
      return chunks == null ? List.of(wholeText) : chunks.stream().map(Chunk::text).toList();
    }
  }

  ChunkingEmbeddingUpdateProcessor(
      ChunkingConfig config,
      TextEmbedder embedder,
      RecursiveTextSplitter splitter,
      String uniqueKey,
      ProcessorMetrics metrics,
      int dimension,
      UpdateRequestProcessor next) {
    super(next);
    this.config = config;
    this.embedder = embedder;
    this.splitter = splitter;
    this.uniqueKey = uniqueKey;
    this.metrics = metrics;
    this.dimension = dimension;
  }

  @Override
  public void processAdd(AddUpdateCommand cmd) throws IOException {
    SolrInputDocument doc = cmd.getSolrInputDocument();
    if (AtomicUpdateDocumentMerger.isAtomicUpdate(cmd)) {
      if (config.inputFields().stream().noneMatch(doc::containsKey)) {
        flush(); // keep the request's order
        super.processAdd(cmd); // the stored chunks and vectors stay as they are
        return;
      }
      // The text changes: chunk and embed the merged document here, once, as a whole document.
      doc = new StoredDocumentMerger(cmd.getReq(), uniqueKey).merge(doc, derivedFields());
      cmd.solrDoc = doc;
    }
    String text;
    try {
      checkHandSetVector(doc);
      text = inputText(doc);
    } catch (SolrException badDocument) {
      metrics.rejectedDocuments.inc();
      flush(); // the documents before the bad one are indexed, as without batching
      throw badDocument;
    }
    // Loaders reuse the command object for the next document: keep a copy.
    AddUpdateCommand waiting = (AddUpdateCommand) cmd.clone();
    PendingDocument document =
        splitter == null
            ? new PendingDocument(waiting, null, text)
            : new PendingDocument(waiting, splitter.split(text), null);
    pending.add(document);
    pendingTexts += document.textCount();
    if (pendingTexts >= embedder.textsPerCall()) {
      flush();
    }
  }

  /**
   * Embeds every waiting text in one call, then sends the documents on in order. When the batch
   * fails, each document is embedded alone, so one bad text costs only its own document.
   */
  private void flush() throws IOException {
    if (pending.isEmpty()) {
      return;
    }
    List<PendingDocument> ready = new ArrayList<>(pending);
    pending.clear();
    pendingTexts = 0;
    List<String> texts = new ArrayList<>();
    ready.forEach(document -> texts.addAll(document.texts()));
    List<String> failedIds = new ArrayList<>();
    InferenceException firstFailure = null;
    List<Embedding> embeddings;
    try {
      embeddings = embedder.embedAll(texts);
    } catch (ModelBusyException e) {
      // Saturated: nothing ran; the client should retry the whole request later (503).
      throw ModelBusyError.of(config.modelName(), e);
    } catch (BackendFailureException e) {
      metrics.embeddingFailures.inc(ready.size());
      if (config.onEmbeddingFailure() == EmbeddingFailurePolicy.MARK) {
        for (PendingDocument document : ready) {
          markFailed(document);
          super.processAdd(document.cmd());
        }
        return;
      }
      throw new SolrException(
          SolrException.ErrorCode.SERVICE_UNAVAILABLE,
          "embedding model '" + config.modelName() + "' is unavailable, so " + ready.size()
              + " document(s) were not indexed: " + e.getMessage(),
          e);
    } catch (InferenceException batchFailed) {
      embeddings = null;
    }
    if (embeddings != null) {
      int next = 0;
      for (PendingDocument document : ready) {
        apply(document, embeddings.subList(next, next + document.textCount()));
        next += document.textCount();
      }
    } else {
      for (PendingDocument document : ready) {
        try {
          apply(document, embedder.embedAll(document.texts()));
        } catch (InferenceException e) {
          firstFailure = firstFailure == null ? e : firstFailure;
          metrics.embeddingFailures.inc();
          failedIds.add(idOf(document.cmd().getSolrInputDocument()));
          markFailed(document);
        }
      }
    }
    for (PendingDocument document : ready) {
      if (config.onEmbeddingFailure() == EmbeddingFailurePolicy.MARK
          || !failedIds.contains(idOf(document.cmd().getSolrInputDocument()))) {
        super.processAdd(document.cmd());
      }
    }
    if (firstFailure != null && config.onEmbeddingFailure() == EmbeddingFailurePolicy.FAIL) {
      throw new SolrException(
          SolrException.ErrorCode.SERVER_ERROR,
          "model '" + config.modelName() + "' failed to embed document(s) " + failedIds
              + ", which were not indexed (onEmbeddingFailure=mark would index them without"
              + " vectors); the Solr log has the details");
    }
  }

  /** Puts the vectors on the document (or on its new chunk children). */
  private void apply(PendingDocument document, List<Embedding> embeddings) {
    SolrInputDocument doc = document.cmd().getSolrInputDocument();
    if (document.chunks() == null) {
      doc.setField(config.vectorField(), toList(embeddings.get(0).vector()));
      markTruncated(doc, embeddings.get(0));
    } else {
      doc.removeField(config.chunksField());
      doc.setField(config.chunksField(), chunkDocuments(doc, document.chunks(), embeddings));
      metrics.chunksProduced.inc(document.chunks().size());
    }
    doc.removeField(config.statusField());
    metrics.documentsEmbedded.inc();
  }

  /** Leaves the document without vectors or chunks, findable by its status field. */
  private void markFailed(PendingDocument document) {
    SolrInputDocument doc = document.cmd().getSolrInputDocument();
    doc.removeField(config.chunksField());
    doc.removeField(config.vectorField());
    doc.removeField(config.truncatedField());
    doc.setField(config.statusField(), EmbeddingFailurePolicy.FAILED_STATUS);
  }

  private String idOf(SolrInputDocument doc) {
    return String.valueOf(doc.getFieldValue(uniqueKey));
  }

  @Override
  public void processDelete(DeleteUpdateCommand cmd) throws IOException {
    flush();
    super.processDelete(cmd);
  }

  @Override
  public void processCommit(CommitUpdateCommand cmd) throws IOException {
    flush();
    super.processCommit(cmd);
  }

  @Override
  public void processMergeIndexes(MergeIndexesCommand cmd) throws IOException {
    flush();
    super.processMergeIndexes(cmd);
  }

  @Override
  public void processRollback(RollbackUpdateCommand cmd) throws IOException {
    pending.clear();
    pendingTexts = 0;
    super.processRollback(cmd);
  }

  @Override
  public void finish() throws IOException {
    flush();
    super.finish();
  }

  /** Fields this processor computes, which a merged document must not carry over. */
  private List<String> derivedFields() {
    return List.of(
        config.chunksField(), config.vectorField(), config.truncatedField(), config.statusField());
  }

  private List<SolrInputDocument> chunkDocuments(
      SolrInputDocument parent, List<Chunk> chunks, List<Embedding> embeddings) {
    String parentId = parent.getFieldValue(uniqueKey).toString();
    List<SolrInputDocument> children = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      Chunk chunk = chunks.get(i);
      SolrInputDocument child = new SolrInputDocument();
      child.setField(uniqueKey, parentId + "#" + i);
      child.setField(config.chunkTextField(), chunk.text());
      child.setField(config.chunkIndexField(), i);
      child.setField(config.chunkStartField(), chunk.start());
      child.setField(config.chunkEndField(), chunk.end());
      child.setField(config.vectorField(), toList(embeddings.get(i).vector()));
      markTruncated(child, embeddings.get(i));
      children.add(child);
    }
    return children;
  }

  private void markTruncated(SolrInputDocument doc, Embedding embedding) {
    if (embedding.truncated()) {
      doc.setField(config.truncatedField(), true);
    } else {
      doc.removeField(config.truncatedField());
    }
  }

  /** A vector sent with the document must at least fit the field; Solr's own error is a 500. */
  private void checkHandSetVector(SolrInputDocument doc) {
    SolrInputField vector = doc.getField(config.vectorField());
    if (vector != null && vector.getValueCount() != dimension) {
      throw badRequest(
          doc,
          "vector field '" + config.vectorField() + "' was sent with " + vector.getValueCount()
              + " values, but it holds " + dimension + "-dimensional vectors (model '"
              + config.modelName() + "')");
    }
  }

  /** The input fields' text, joined by blank lines; a missing or empty input is an error. */
  private String inputText(SolrInputDocument doc) {
    StringBuilder text = new StringBuilder();
    for (String field : config.inputFields()) {
      SolrInputField input = doc.getField(field);
      if (input == null) {
        continue;
      }
      Collection<Object> values = input.getValues();
      for (Object value : values) {
        if (!(value instanceof CharSequence)) {
          throw badRequest(
              doc,
              "input field '" + field + "' must hold text, got "
                  + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        if (text.length() > 0) {
          text.append("\n\n");
        }
        text.append(value);
      }
    }
    if (text.length() > config.maxInputChars()) {
      throw badRequest(
          doc,
          "input field(s) " + config.inputFields() + " hold " + text.length()
              + " characters, more than maxInputChars=" + config.maxInputChars());
    }
    if (text.toString().isBlank()) {
      throw badRequest(
          doc, "no text to embed: input field(s) " + config.inputFields() + " missing or empty");
    }
    return text.toString();
  }

  private SolrException badRequest(SolrInputDocument doc, String message) {
    Object id = doc.getFieldValue(uniqueKey);
    return new SolrException(
        SolrException.ErrorCode.BAD_REQUEST, "document '" + id + "': " + message);
  }

  private static List<Float> toList(float[] vector) {
    List<Float> values = new ArrayList<>(vector.length);
    for (float value : vector) {
      values.add(value);
    }
    return values;
  }
}
