package io.github.solrneural.fuzz;

import java.lang.management.ManagementFactory;

/** Heap after a full GC and live threads of this JVM, where the test's Solr nodes run. */
final class NodeHealth {
  /** One measurement: heap in use after GC, in bytes, and live threads. */
  record Sample(long heap, int threads) {
    @Override
    public String toString() {
      return (heap >> 20) + " MB heap after GC, " + threads + " threads";
    }
  }

  private NodeHealth() {}

  /** Waits for threads to settle, then collects and measures (the lowest of a few readings). */
  static Sample measure(long settleMillis) throws InterruptedException {
    Thread.sleep(settleMillis);
    long heap = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(300);
      heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return new Sample(heap, ManagementFactory.getThreadMXBean().getThreadCount());
  }
}
