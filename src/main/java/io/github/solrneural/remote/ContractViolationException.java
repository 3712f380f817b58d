package io.github.solrneural.remote;

/** A JSON message that does not follow the scoring contract; the message says what is wrong. */
public class ContractViolationException extends RuntimeException {
  public ContractViolationException(String message) {
    super(message);
  }
}
