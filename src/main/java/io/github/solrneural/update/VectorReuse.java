package io.github.solrneural.update;

import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, for each held document, the stored vectors its new texts can take: those of its stored
 * version's chunks (or of its stored whole text, without chunking) made with the current key. A
 * document with no stored version, or a failed read, gets none: its texts are embedded, as before.
 */
final class VectorReuse {
  private static final Logger LOG = LoggerFactory.getLogger(MethodHandles.lookup().lookupClass());

  private final ChunkingConfig config;
  private final ReuseSettings settings;
  private final EmbeddingKeys keys;
  private final DocumentText documentText;
  private final int dimension;
  private final StoredBlocks blocks;

  /** @param blocks the request's reader of stored documents, or null when nothing is reused */
  VectorReuse(ChunkingConfig config, ReuseSettings settings, EmbeddingKeys keys,
      DocumentText documentText, int dimension, StoredBlocks blocks) {
    this.config = config;
    this.settings = settings;
    this.keys = keys;
    this.documentText = documentText;
    this.dimension = dimension;
    this.blocks = blocks;
  }

  /** Per document, in order: what its stored version offers. */
  List<StoredVectors> forDocuments(List<HeldDocument> documents) {
    if (blocks == null) {
      return Collections.nCopies(documents.size(), StoredVectors.NONE);
    }
    Map<String, SolrDocument> stored;
    try {
      stored = blocks.take(documents.stream().map(HeldDocument::id).toList());
    } catch (RuntimeException cannotRead) { // reuse saves work; it never costs a document
      LOG.warn("Embedding every text: stored versions could not be read", cannotRead);
      return Collections.nCopies(documents.size(), StoredVectors.NONE);
    }
    List<StoredVectors> offers = new ArrayList<>(documents.size());
    for (HeldDocument document : documents) {
      SolrDocument version = stored.get(document.id());
      offers.add(version == null ? StoredVectors.NONE : offeredBy(version, document.id()));
    }
    return offers;
  }

  /** The vectors of one stored document that the current key would make again. */
  StoredVectors offeredBy(SolrDocument stored, String id) {
    StoredVectors offer = new StoredVectors(keys.chunks());
    if (config.chunking()) {
      for (SolrDocument chunk : StoredBlocks.children(stored)) {
        offer(offer, chunk, asText(chunk.getFirstValue(config.chunkTextField())));
      }
    } else {
      offer(offer, stored, storedText(stored, id));
    }
    return offer;
  }

  private void offer(StoredVectors offer, SolrDocument doc, String text) {
    Collection<Object> vector = doc.getFieldValues(config.vectorField());
    offer.offer(text, doc.getFirstValue(settings.keyField()),
        vector == null ? null : new ArrayList<>(vector),
        doc.getFirstValue(config.truncatedField()), dimension);
  }

  /** The text the stored input fields make, as the document was embedded; null if none. */
  private String storedText(SolrDocument stored, String id) {
    SolrInputDocument inputs = new SolrInputDocument();
    for (String field : config.inputFields()) {
      Collection<Object> values = stored.getFieldValues(field);
      if (values != null) {
        inputs.setField(field, new ArrayList<>(values));
      }
    }
    try {
      return documentText.of(inputs, id);
    } catch (SolrException noText) {
      return null;
    }
  }

  private static String asText(Object value) {
    return value instanceof CharSequence ? value.toString() : null;
  }
}
