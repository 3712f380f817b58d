package io.github.solrneural.update;

import io.github.solrneural.model.EmbedderFingerprint;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Set;

/**
 * What made a vector, stored on each chunk (or on the document without chunking) so that a re-sent
 * unchanged text can take its stored vector instead of running the model again.
 *
 * @param model a hash of the embedder's identity alone (model file, variant, maxLength, pooling,
 *     normalize, document prefix): finds what an older model embedded
 * @param chunks a hash of the embedder's identity and every chunking setting: a stored vector is
 *     reused only where this and the chunk's text are equal
 */
record EmbeddingKeys(String model, String chunks) {
  /**
   * Settings that never change a chunk's text or vector. Every other component of {@link
   * ChunkingConfig}, one added later included, goes into the key: when in doubt, embed again.
   */
  static final Set<String> NOT_IN_KEY =
      Set.of("vectorField", "modelName", "chunksField", "chunkTextField", "chunkIndexField",
          "chunkStartField", "chunkEndField", "truncatedField", "maxInputChars",
          "onEmbeddingFailure", "statusField", "batchDocuments");

  static EmbeddingKeys of(String embedderIdentity, ChunkingConfig config) {
    // The same function as the model store's listing (EmbedderFingerprint.of), so the two agree.
    return new EmbeddingKeys(
        hash(embedderIdentity), hash(embedderIdentity + "\n" + chunkingIdentity(config)));
  }

  /** The settings that shape chunks and their texts, by name, in the record's order. */
  static String chunkingIdentity(ChunkingConfig config) {
    StringBuilder identity = new StringBuilder();
    for (RecordComponent component : ChunkingConfig.class.getRecordComponents()) {
      if (!NOT_IN_KEY.contains(component.getName())) {
        try {
          Object value = component.getAccessor().invoke(config);
          identity.append(component.getName()).append('=').append(value).append('\n');
        } catch (IllegalAccessException | InvocationTargetException e) {
          throw new IllegalStateException("cannot read setting " + component.getName(), e);
        }
      }
    }
    return identity.toString();
  }

  private static String hash(String text) {
    return EmbedderFingerprint.hash(text);
  }
}
