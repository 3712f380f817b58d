package io.github.solrneural.update;

import io.github.solrneural.chunk.RecursiveTextSplitter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.ToleratedUpdateError.CmdType;
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
 * may run at once (or the request ends, or another command comes) and then go down the chain one
 * by one, in their original order. Texts whose stored version already holds their vector (same text,
 * same model and chunking settings) take it instead of running the model ({@link VectorReuse}).
 * Each failure is charged to its own document ({@link
 * FailureLedger}), so a client sees what it would see with each document handed on at once.
 */
final class ChunkingEmbeddingUpdateProcessor extends UpdateRequestProcessor {
  private final ChunkingConfig config;
  private final RecursiveTextSplitter splitter;
  private final String uniqueKey;
  private final ProcessorMetrics metrics;
  private final DocumentText documentText;
  private final BatchEmbedding batchEmbedding;
  private final VectorReuse vectorReuse;
  private final FailureLedger ledger;
  private final RequestDocuments requestDocuments;
  private final int textsPerFlush;
  private final List<HeldDocument> held = new ArrayList<>();
  private int heldTexts;

  ChunkingEmbeddingUpdateProcessor(
      ChunkingConfig config,
      BatchEmbedding batchEmbedding,
      VectorReuse vectorReuse,
      RecursiveTextSplitter splitter,
      String uniqueKey,
      ProcessorMetrics metrics,
      DocumentText documentText,
      FailureLedger ledger,
      RequestDocuments requestDocuments,
      UpdateRequestProcessor next) {
    super(next);
    this.config = config;
    this.splitter = splitter;
    this.uniqueKey = uniqueKey;
    this.metrics = metrics;
    this.documentText = documentText;
    this.batchEmbedding = batchEmbedding;
    this.vectorReuse = vectorReuse;
    this.ledger = ledger;
    this.requestDocuments = requestDocuments;
    this.textsPerFlush = config.batchDocuments() ? batchEmbedding.textsPerCall() : 1;
  }

  @Override
  public void processAdd(AddUpdateCommand cmd) throws IOException {
    if (ledger.stopped()) {
      return; // the request has failed: as without batching, nothing after the failure is done
    }
    SolrInputDocument doc = cmd.getSolrInputDocument();
    String id = idOf(doc);
    try {
      NestingLimit.check(doc, id);
    } catch (SolrException tooDeep) {
      reject(id, tooDeep);
      return;
    }
    if (AtomicUpdateDocumentMerger.isAtomicUpdate(cmd)) {
      if (!flush(false)) {
        return;
      }
      if (config.inputFields().stream().noneMatch(doc::containsKey)) {
        // The stored chunks and vectors stay as they are; Solr applies the update downstream.
        requestDocuments.forget(id);
        handOn(cmd, id, true);
        return;
      }
      // The text changes: chunk and embed the merged document here, once, as a whole document.
      try {
        doc = requestDocuments.merge(doc, id);
      } catch (SolrException cannotMerge) {
        failed(CmdType.ADD, id, cannotMerge, true);
        return;
      }
      cmd.solrDoc = doc;
    }
    String text;
    try {
      text = documentText.of(doc, id);
    } catch (SolrException badDocument) {
      reject(id, badDocument);
      return;
    }
    HeldDocument document =
        new HeldDocument(
            (AddUpdateCommand) cmd.clone(),
            id,
            splitter == null ? null : splitter.split(text),
            splitter == null ? text : null);
    requestDocuments.remember(id, doc);
    held.add(document);
    heldTexts += document.textCount();
    if (heldTexts >= textsPerFlush) {
      flush(true);
    }
  }

  /** A document refused before it is held: the documents before it go on, as without batching. */
  private void reject(String id, SolrException why) throws IOException {
    metrics.rejectedDocuments.accept(1);
    if (flush(false)) {
      requestDocuments.forget(id);
      failed(CmdType.ADD, id, why, true);
    }
  }

  /**
   * Embeds the held documents and hands each on, in order, charging each failure to its own id.
   *
   * @param lastIsCurrent whether the last held document is the command whose call is running
   * @return false when the request has stopped: the caller must not hand on anything more
   */
  private boolean flush(boolean lastIsCurrent) throws IOException {
    if (held.isEmpty()) {
      return !ledger.stopped();
    }
    List<HeldDocument> ready = new ArrayList<>(held);
    held.clear();
    heldTexts = 0;
    SolrException[] errors = batchEmbedding.embed(ready, vectorReuse.forDocuments(ready));
    for (int i = 0; i < ready.size() && !ledger.stopped(); i++) {
      HeldDocument document = ready.get(i);
      boolean current = lastIsCurrent && i == ready.size() - 1;
      if (errors[i] != null) {
        requestDocuments.forget(document.id());
        failed(CmdType.ADD, document.id(), errors[i], current);
      } else {
        handOn(document.cmd(), document.id(), current);
      }
    }
    return !ledger.stopped();
  }

  private void handOn(AddUpdateCommand cmd, String id, boolean current) throws IOException {
    try {
      super.processAdd(cmd);
    } catch (IOException | RuntimeException e) {
      requestDocuments.forget(id);
      failed(CmdType.ADD, id, e, current);
    }
  }

  /** Throws the failure now when the ledger says so; otherwise it is reported at finish. */
  private void failed(CmdType type, String id, Exception failure, boolean current)
      throws IOException {
    if (ledger.failed(type, id, failure, current)) {
      held.clear();
      heldTexts = 0;
      if (failure instanceof IOException) {
        throw (IOException) failure;
      }
      throw (RuntimeException) failure;
    }
  }

  @Override
  public void processDelete(DeleteUpdateCommand cmd) throws IOException {
    if (!flush(false)) {
      return;
    }
    String id = cmd.isDeleteById() ? cmd.getId() : cmd.getQuery();
    requestDocuments.forgetAfterDelete(cmd);
    try {
      super.processDelete(cmd);
    } catch (IOException | RuntimeException e) {
      failed(cmd.isDeleteById() ? CmdType.DELID : CmdType.DELQ, id, e, true);
    }
  }

  @Override
  public void processCommit(CommitUpdateCommand cmd) throws IOException {
    if (flush(false)) {
      super.processCommit(cmd);
    }
  }

  @Override
  public void processMergeIndexes(MergeIndexesCommand cmd) throws IOException {
    if (flush(false)) {
      super.processMergeIndexes(cmd);
    }
  }

  @Override
  public void processRollback(RollbackUpdateCommand cmd) throws IOException {
    if (flush(false)) { // as without batching, the held documents came before the rollback
      super.processRollback(cmd);
    }
  }

  /** Hands on what is held, then always finishes the rest of the chain. */
  @Override
  public void finish() throws IOException {
    Exception flushFailure = null;
    try {
      flush(false);
    } catch (IOException | RuntimeException e) {
      flushFailure = e;
    }
    Exception chainFailure = null;
    try {
      super.finish();
    } catch (IOException | RuntimeException e) {
      chainFailure = e;
    }
    Exception failure;
    if (flushFailure != null) {
      failure = flushFailure;
      if (chainFailure != null) {
        failure.addSuppressed(chainFailure);
      }
    } else {
      failure = ledger.atFinish(chainFailure);
    }
    if (failure instanceof IOException) {
      throw (IOException) failure;
    } else if (failure != null) {
      throw (RuntimeException) failure;
    }
  }

  private String idOf(SolrInputDocument doc) {
    return String.valueOf(doc.getFieldValue(uniqueKey));
  }
}
