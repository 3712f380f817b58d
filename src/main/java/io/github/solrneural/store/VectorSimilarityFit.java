package io.github.solrneural.store;

import io.github.solrneural.model.TextEmbedder;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * Whether an embedder's vectors suit a vector field's similarity. Lucene's {@code dot_product}
 * takes unit-length vectors; the vectors of a dot-product model, kept as the model gives them,
 * belong in a {@code maximum_inner_product} field. A remote endpoint does not say whether it
 * normalises, so its vectors pass unchecked.
 */
public final class VectorSimilarityFit {
  private VectorSimilarityFit() {}

  /** The problem, in words naming the field, the model and the fix; null when they fit. */
  public static String problem(
      String field, VectorSimilarityFunction similarity, String modelName, TextEmbedder embedder) {
    if (similarity != VectorSimilarityFunction.DOT_PRODUCT
        || embedder.vectorLength() != TextEmbedder.VectorLength.AS_THE_MODEL_GIVES) {
      return null;
    }
    return "vector field '" + field + "' scores by dot_product, which takes unit-length vectors,"
        + " but embedding model '" + modelName + "' is declared with normalize=false: set"
        + " normalize=true on the model, or, for a model trained for dot-product scoring,"
        + " similarityFunction=\"maximum_inner_product\" on the field's type";
  }
}
