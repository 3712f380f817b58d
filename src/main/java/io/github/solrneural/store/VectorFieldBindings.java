package io.github.solrneural.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.solr.common.SolrException;

/**
 * Which model fills each vector field of a core, and the field's similarity: one model per field,
 * whatever chain fills it, so a query can be refused a model whose vectors are not comparable.
 */
final class VectorFieldBindings {
  private final Map<String, String> models = new ConcurrentHashMap<>();
  private final Map<String, VectorSimilarityFunction> similarities = new ConcurrentHashMap<>();

  /** @throws SolrException when another chain fills the field with another model */
  void bind(String field, VectorSimilarityFunction similarity, String modelName) {
    String previous = models.putIfAbsent(field, modelName);
    if (previous != null && !previous.equals(modelName)) {
      throw new SolrException(
          SolrException.ErrorCode.SERVER_ERROR,
          "vector field '" + field + "' is filled by model '" + previous + "' in one update chain"
              + " and by '" + modelName + "' in another");
    }
    similarities.put(field, similarity);
  }

  /** The model that fills the field, or null when no chain of the core fills it. */
  String modelOf(String field) {
    return models.get(field);
  }

  VectorSimilarityFunction similarityOf(String field) {
    return similarities.get(field);
  }
}
