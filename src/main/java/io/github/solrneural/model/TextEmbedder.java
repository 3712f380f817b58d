package io.github.solrneural.model;

import java.util.List;
import java.util.Optional;

/** Turns texts into vectors. Implemented in-process by {@link Embedder} and by remote clients. */
public interface TextEmbedder {

  /** Length of every vector. */
  int dimension();

  /** Texts worth sending in one call; callers that gather texts flush at this size. */
  int textsPerCall();

  /**
   * What decides the vectors: two embedders of equal identity give equal vectors for equal texts,
   * so a stored vector can stand in for a new one (the update processor's re-index reuse).
   */
  String identity();

  /** Whether the vectors have length 1, which some similarities (dot_product) require. */
  VectorLength vectorLength();

  /** What is known of the length of an embedder's vectors. */
  enum VectorLength {
    /** L2-normalised here: every vector has length 1. */
    UNIT,
    /** The model's own vectors, whose length carries part of the score (dot-product models). */
    AS_THE_MODEL_GIVES,
    /** A remote endpoint decides, and does not say. */
    UNKNOWN
  }

  /**
   * @throws BackendFailureException when a backend outside this JVM fails to answer
   * @throws InferenceException when an in-process model fails
   */
  List<Embedding> embedAll(List<String> texts);

  /**
   * Counts the tokens this embedder feeds its model per text; empty when no tokenizer runs here (a
   * remote endpoint tokenises texts itself).
   */
  default Optional<TokenCounter> tokenCounter() {
    return Optional.empty();
  }

  default Embedding embed(String text) {
    return embedAll(List.of(text)).get(0);
  }
}
