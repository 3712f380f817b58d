package io.github.solrneural.model;

/** The time allowed for scoring ran out before every item was scored. */
public class BudgetExhaustedException extends RuntimeException {
  public BudgetExhaustedException(String message) {
    super(message);
  }
}
