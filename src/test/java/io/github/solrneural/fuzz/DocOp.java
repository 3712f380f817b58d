package io.github.solrneural.fuzz;

import java.util.List;
import java.util.Map;

/**
 * One command of an update request as the ledger needs it: which id it touches, what it should do
 * to the stored document, and whether Solr must take it (GOOD), must refuse it (BAD) or may do
 * either (UNSURE).
 */
record DocOp(
    Kind kind,
    String id,
    String json,
    Verdict verdict,
    Map<String, Object> content,
    Version version,
    List<Atomic> atomic) {

  enum Kind { FULL, ATOMIC, DELETE }

  enum Verdict {
    GOOD, UNSURE, BAD;

    Verdict and(Verdict other) {
      return compareTo(other) >= 0 ? this : other;
    }
  }

  /** A _version_ sent with the document: -1 must not exist, 1 must exist, other never matches. */
  enum Version { NONE, MUST_NOT_EXIST, MUST_EXIST, NEVER_MATCHES }

  /** One atomic operation on a field; value is a String, a Long, or null; odd = not predictable. */
  record Atomic(String field, String op, Object value, boolean odd) {}

  /** Whether the ledger can follow the document by its id. */
  boolean tracked() {
    return id != null;
  }
}
