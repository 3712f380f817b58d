package io.github.solrneural.update;

import io.github.solrneural.chunk.Chunk;
import io.github.solrneural.chunk.RecursiveTextSplitter;
import io.github.solrneural.model.Embedder;
import io.github.solrneural.model.Embedding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.SolrInputField;
import org.apache.solr.update.AddUpdateCommand;
import org.apache.solr.update.processor.AtomicUpdateDocumentMerger;
import org.apache.solr.update.processor.UpdateRequestProcessor;

/** Chunks and embeds the documents of one update request. */
final class ChunkingEmbeddingUpdateProcessor extends UpdateRequestProcessor {
  private final ChunkingConfig config;
  private final Embedder embedder;
  private final RecursiveTextSplitter splitter;
  private final String uniqueKey;

  ChunkingEmbeddingUpdateProcessor(
      ChunkingConfig config,
      Embedder embedder,
      RecursiveTextSplitter splitter,
      String uniqueKey,
      UpdateRequestProcessor next) {
    super(next);
    this.config = config;
    this.embedder = embedder;
    this.splitter = splitter;
    this.uniqueKey = uniqueKey;
  }

  @Override
  public void processAdd(AddUpdateCommand cmd) throws IOException {
    SolrInputDocument doc = cmd.getSolrInputDocument();
    if (AtomicUpdateDocumentMerger.isAtomicUpdate(cmd)) {
      if (config.inputFields().stream().noneMatch(doc::containsKey)) {
        super.processAdd(cmd); // the stored chunks and vectors stay as they are
        return;
      }
      // The text changes: chunk and embed the merged document here, once, as a whole document.
      doc = new StoredDocumentMerger(cmd.getReq(), uniqueKey).merge(doc, derivedFields());
      cmd.solrDoc = doc;
    }
    String text = inputText(doc);
    if (splitter == null) {
      Embedding embedding = embedder.embed(text);
      doc.setField(config.vectorField(), toList(embedding.vector()));
      markTruncated(doc, embedding);
    } else {
      doc.removeField(config.chunksField());
      doc.setField(config.chunksField(), chunkDocuments(doc, text));
    }
    super.processAdd(cmd);
  }

  /** Fields this processor computes, which a merged document must not carry over. */
  private List<String> derivedFields() {
    return List.of(config.chunksField(), config.vectorField(), config.truncatedField());
  }

  private List<SolrInputDocument> chunkDocuments(SolrInputDocument parent, String text) {
    List<Chunk> chunks = splitter.split(text);
    List<String> chunkTexts = new ArrayList<>(chunks.size());
    for (Chunk chunk : chunks) {
      chunkTexts.add(chunk.text());
    }
    List<Embedding> embeddings = embedder.embedAll(chunkTexts);
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
