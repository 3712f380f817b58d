package io.github.solrneural.load;

/** The phases of a run with a node fault, in order; a run without a fault stays in the first. */
enum Phase {
  BEFORE("both nodes up"),
  OUTAGE("one node stopped"),
  RECOVERY("node started again, its replicas recovering"),
  AFTER("all replicas active again");

  private final String description;

  Phase(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }

  /** Both nodes up and every replica active: nothing may fail. */
  boolean healthy() {
    return this == BEFORE || this == AFTER;
  }
}
