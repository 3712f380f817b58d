package io.github.solrneural.model;

/**
 * How much longer a piece of work may run. Scorers check it between forward passes and remote
 * calls, and bound each remote call by it; a forward pass already running is never cut.
 */
public interface Budget {
  Budget UNLIMITED = () -> Long.MAX_VALUE;

  /** Nanoseconds left: {@code Long.MAX_VALUE} when unlimited, zero or less once spent. */
  long remainingNanos();

  default boolean spent() {
    return remainingNanos() <= 0;
  }

  /** Why the budget ran out, for messages; called only once it has. */
  default String describe() {
    return "time budget exceeded";
  }

  /** @throws BudgetExhaustedException when the budget is spent */
  default void check() {
    if (spent()) {
      throw new BudgetExhaustedException(describe());
    }
  }

  /** A budget of the given milliseconds from now. */
  static Budget ofMillis(long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    return new Budget() {
      @Override
      public long remainingNanos() {
        return deadline - System.nanoTime();
      }

      @Override
      public String describe() {
        return "time budget of " + millis + " ms exceeded";
      }
    };
  }
}
