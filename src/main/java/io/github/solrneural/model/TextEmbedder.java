package io.github.solrneural.model;

import java.util.List;

/** Turns texts into vectors. Implemented in-process by {@link Embedder} and by remote clients. */
public interface TextEmbedder {

  /** Length of every vector. */
  int dimension();

  /** Texts worth sending in one call; callers that gather texts flush at this size. */
  int textsPerCall();

  /**
   * @throws BackendFailureException when a backend outside this JVM fails to answer
   * @throws InferenceException when an in-process model fails
   */
  List<Embedding> embedAll(List<String> texts);

  default Embedding embed(String text) {
    return embedAll(List.of(text)).get(0);
  }
}
