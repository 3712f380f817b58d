package io.github.solrneural.model;

/**
 * A model refused an inference because it is saturated: every inference slot is in use and the
 * queue is full, or no slot came free within the configured wait. Nothing failed; the caller may
 * retry later.
 */
public class ModelBusyException extends RuntimeException {
  private final String reason;

  ModelBusyException(String modelFile, String reason) {
    super("model " + modelFile + " is busy: " + reason);
    this.reason = reason;
  }

  /** Why the inference was refused, without the model's path (safe to show to clients). */
  public String reason() {
    return reason;
  }
}
