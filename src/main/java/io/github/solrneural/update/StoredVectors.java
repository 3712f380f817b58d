package io.github.solrneural.update;

import io.github.solrneural.model.Embedding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The vectors a document's stored version holds, by text, that the current model and chunking
 * settings would make again: those whose stored key equals the current one. A new chunk of the
 * same text takes its vector (and truncation flag) from here instead of from the model.
 */
final class StoredVectors {
  /** Nothing stored, or reuse turned off: every text goes to the model. */
  static final StoredVectors NONE = new StoredVectors("");

  private final String currentKey;
  private final Map<String, Embedding> byText = new HashMap<>();

  StoredVectors(String currentKey) {
    this.currentKey = currentKey;
  }

  /**
   * Offers one stored text with what made its vector; kept only when it can stand in for a new one.
   *
   * @param vector the stored values, or null when the vector is missing (not stored, or failed)
   * @param truncated the stored truncation flag (absent: false)
   * @param dimension the vector field's dimension: a stored vector of another length is ignored
   */
  void offer(String text, Object key, List<?> vector, Object truncated, int dimension) {
    if (currentKey.isEmpty() || text == null || !currentKey.equals(key) || vector == null || vector.size() != dimension) {
      return;
    }
    float[] values = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      if (!(vector.get(i) instanceof Number)) {
        return;
      }
      values[i] = ((Number) vector.get(i)).floatValue();
    }
    byText.putIfAbsent(text, new Embedding(values, Boolean.TRUE.equals(truncated)));
  }

  /** The stored embedding of this text, or null when the model must run. */
  Embedding reusable(String text) {
    return byText.get(text);
  }

  int size() {
    return byText.size();
  }
}
