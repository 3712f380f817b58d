package io.github.solrneural.update;

import io.github.solrneural.settings.SettingsReader;
import io.github.solrneural.store.SolrSettings;
import java.util.Set;
import org.apache.solr.request.SolrQueryRequest;

/**
 * How the update processor records what made each vector and reuses stored vectors of unchanged
 * texts when a document is sent again.
 *
 * @param keyField the string field of each chunk (or document, without chunking) holding the hash
 *     of the model and the chunking settings ({@link EmbeddingKeys#chunks()})
 * @param modelField the string field of each chunk and document holding the hash of the model alone
 * @param reuse whether stored vectors are looked up at all (false: embed every text, as before)
 * @param readBatch ids per real-time get that reads stored versions
 */
record ReuseSettings(String keyField, String modelField, boolean reuse, int readBatch) {
  static final String KEY_FIELD = "embeddingKeyField";
  static final String MODEL_FIELD = "embeddingModelField";
  static final String REUSE = "reuseStoredVectors";
  static final String READ_BATCH = "storedReadBatch";
  static final Set<String> NAMES = Set.of(KEY_FIELD, MODEL_FIELD, REUSE, READ_BATCH);
  /** Request parameter: {@code true} embeds every text of the request again. */
  static final String REEMBED = "neural.reembed";
  /** Most ids one real-time get may ask for: bounds each read's response. */
  static final int MAX_READ_BATCH = 1000;

  static ReuseSettings from(SettingsReader settings) {
    return SolrSettings.config(() -> new ReuseSettings(
        settings.string(KEY_FIELD, "embedding_key"),
        settings.string(MODEL_FIELD, "embedding_model"),
        settings.bool(REUSE, true),
        settings.integer(READ_BATCH, 100, 1, MAX_READ_BATCH)));
  }

  /** Whether this request reuses stored vectors; a bad {@code neural.reembed} is a 400. */
  boolean reuseFor(SolrQueryRequest req) {
    boolean reembed = SolrSettings.request(
        () -> SolrSettings.localParams(req.getParams()).bool(REEMBED, false));
    return reuse && !reembed;
  }
}
