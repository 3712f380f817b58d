package io.github.solrneural.update;

import io.github.solrneural.chunk.Chunk;
import io.github.solrneural.model.BackendFailureException;
import io.github.solrneural.model.Embedding;
import io.github.solrneural.model.InferenceException;
import io.github.solrneural.model.ModelBusyException;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.TextEmbedder;
import io.github.solrneural.store.ModelFailures;
import java.util.ArrayList;
import java.util.List;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;

/**
 * Embeds the texts of held documents in one call and puts the vectors on each document (or on its
 * new chunk children), each marked with what made it ({@link EmbeddingKeys}). A text whose stored
 * version offers a vector ({@link StoredVectors}) takes it and does not go to the model. A failure is each document's own: the result names, per document, the
 * error that keeps it out of the index, or null when it may go on (embedded, or marked failed
 * under {@code onEmbeddingFailure=mark}).
 */
final class BatchEmbedding {
  private final ChunkingConfig config;
  private final TextEmbedder embedder;
  private final String uniqueKey;
  private final ProcessorMetrics metrics;
  private final EmbeddingKeys keys;
  private final ReuseSettings reuse;

  BatchEmbedding(ChunkingConfig config, TextEmbedder embedder, String uniqueKey,
      ProcessorMetrics metrics, EmbeddingKeys keys, ReuseSettings reuse) {
    this.config = config;
    this.embedder = embedder;
    this.uniqueKey = uniqueKey;
    this.metrics = metrics;
    this.keys = keys;
    this.reuse = reuse;
  }

  int textsPerCall() {
    return embedder.textsPerCall();
  }

  /**
   * Per document, in order: the error that keeps it out of the index, or null.
   *
   * @param stored per document, in order: the stored vectors its texts may take
   */
  SolrException[] embed(List<HeldDocument> documents, List<StoredVectors> stored) {
    SolrException[] errors = new SolrException[documents.size()];
    List<Embedding[]> found = new ArrayList<>(documents.size());
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      found.add(reused(documents.get(i), stored.get(i)));
      texts.addAll(missing(documents.get(i), found.get(i)));
    }
    List<Embedding> embeddings;
    try {
      embeddings = texts.isEmpty() ? List.of() : embedder.embedAll(texts);
    } catch (ModelBusyException | BackendFailureException | InferenceException batchFailed) {
      // Each document alone, so that a failure costs only its own document, as without batching.
      for (int i = 0; i < documents.size(); i++) {
        errors[i] = documents.size() == 1 ? failure(documents.get(0), batchFailed)
            : embedAlone(documents.get(i), found.get(i));
      }
      return errors;
    }
    int next = 0;
    for (int i = 0; i < documents.size(); i++) {
      int needed = missing(documents.get(i), found.get(i)).size();
      apply(documents.get(i), fill(found.get(i), embeddings.subList(next, next + needed)));
      next += needed;
    }
    return errors;
  }

  /** Per text of the document: its stored embedding, or null where the model must run. */
  private static Embedding[] reused(HeldDocument document, StoredVectors stored) {
    List<String> texts = document.texts();
    Embedding[] found = new Embedding[texts.size()];
    for (int i = 0; i < found.length; i++) {
      found[i] = stored.reusable(texts.get(i));
    }
    return found;
  }

  private static List<String> missing(HeldDocument document, Embedding[] found) {
    List<String> texts = document.texts();
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < found.length; i++) {
      if (found[i] == null) {
        missing.add(texts.get(i));
      }
    }
    return missing;
  }

  /** The document's embeddings in text order: the stored ones, the new ones in the gaps. */
  private List<Embedding> fill(Embedding[] found, List<Embedding> computed) {
    List<Embedding> all = new ArrayList<>(found.length);
    int next = 0;
    for (Embedding embedding : found) {
      all.add(embedding != null ? embedding : computed.get(next++));
    }
    metrics.vectorsReused.accept(found.length - computed.size());
    metrics.vectorsComputed.accept(computed.size());
    return all;
  }

  private SolrException embedAlone(HeldDocument document, Embedding[] found) {
    try {
      List<String> missing = missing(document, found);
      apply(document,
          fill(found, missing.isEmpty() ? List.of() : embedder.embedAll(missing)));
      return null;
    } catch (ModelBusyException | BackendFailureException | InferenceException e) {
      return failure(document, e);
    }
  }

  /**
   * A busy model refuses the document whatever the policy, with a 503 the client retries on; any
   * other failure is the document's own: under {@code mark} it goes on without vectors, under
   * {@code fail} it gets the model's error, named.
   */
  private SolrException failure(HeldDocument document, RuntimeException e) {
    SolrException modelError = ModelFailures.of(ModelKind.EMBEDDING, config.modelName(), e);
    if (e instanceof ModelBusyException) {
      return modelError;
    }
    metrics.embeddingFailures.accept(1);
    if (config.onEmbeddingFailure() == EmbeddingFailurePolicy.MARK) {
      markFailed(document.cmd().getSolrInputDocument());
      return null;
    }
    return new SolrException(
        SolrException.ErrorCode.getErrorCode(modelError.code()),
        "document '" + document.id() + "' was not indexed: " + modelError.getMessage()
            + " (onEmbeddingFailure=mark would index it without vectors)");
  }

  private void apply(HeldDocument document, List<Embedding> embeddings) {
    SolrInputDocument doc = document.cmd().getSolrInputDocument();
    doc.setField(reuse.modelField(), keys.model());
    if (document.chunks() == null) {
      doc.setField(config.vectorField(), toList(embeddings.get(0).vector()));
      doc.setField(reuse.keyField(), keys.chunks());
      markTruncated(doc, embeddings.get(0));
    } else {
      doc.removeField(reuse.keyField());
      doc.removeField(config.chunksField());
      doc.setField(config.chunksField(), chunkDocuments(document.id(), document.chunks(), embeddings));
      metrics.chunksProduced.accept(document.chunks().size());
    }
    doc.removeField(config.statusField());
    metrics.documentsEmbedded.accept(1);
  }

  /** Leaves the document without vectors or chunks, findable by its status field. */
  private void markFailed(SolrInputDocument doc) {
    doc.removeField(config.chunksField());
    doc.removeField(config.vectorField());
    doc.removeField(config.truncatedField());
    doc.removeField(reuse.keyField());
    doc.removeField(reuse.modelField());
    doc.setField(config.statusField(), EmbeddingFailurePolicy.FAILED_STATUS);
  }

  private List<SolrInputDocument> chunkDocuments(
      String parentId, List<Chunk> chunks, List<Embedding> embeddings) {
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
      child.setField(reuse.keyField(), keys.chunks());
      child.setField(reuse.modelField(), keys.model());
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

  private static List<Float> toList(float[] vector) {
    List<Float> values = new ArrayList<>(vector.length);
    for (float value : vector) {
      values.add(value);
    }
    return values;
  }
}
