package io.github.solrneural.model;

/**
 * A model backend outside this JVM did not give a usable answer: down, too slow, an error status,
 * or an answer that breaks the contract. Unlike an in-process failure this is usually transient, so
 * callers that have something to fall back to do so.
 */
public class BackendFailureException extends RuntimeException {
  public BackendFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
