package io.github.solrneural.model;

/** A failure handed back by a future or another thread, thrown again as it was when unchecked. */
final class Unchecked {
  private Unchecked() {}

  static void rethrowIfUnchecked(Throwable failure) {
    if (failure instanceof RuntimeException) {
      throw (RuntimeException) failure;
    }
    if (failure instanceof Error) {
      throw (Error) failure;
    }
  }
}
