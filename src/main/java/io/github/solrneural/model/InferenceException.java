package io.github.solrneural.model;

/** A forward pass failed or was interrupted. */
public class InferenceException extends RuntimeException {
  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
