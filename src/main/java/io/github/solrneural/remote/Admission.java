package io.github.solrneural.remote;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The scoring server's bound on requests in progress: as many as run at once plus the queue. A
 * request that finds no room is refused at once, and a closing server admits none and waits for
 * those in progress.
 */
final class Admission {
  private final int running;
  private final int queued;
  private final Semaphore permits;
  private volatile boolean closing;

  Admission(int running, int queued) {
    this.running = running;
    this.queued = queued;
    this.permits = new Semaphore(running + queued);
  }

  /** Takes a place if there is one; call {@link #exit()} when done. */
  boolean tryEnter() {
    return !closing && permits.tryAcquire();
  }

  void exit() {
    permits.release();
  }

  String busyMessage() {
    return closing
        ? "the server is shutting down"
        : "the server is busy: " + running + " requests run and " + queued + " wait"
            + " (maxConcurrentInferences=" + running + ", maxQueuedInferences=" + queued
            + "); try again later";
  }

  /**
   * Admits no more requests and waits until those in progress are done.
   *
   * @return false when some were still in progress after the wait
   */
  boolean close(long waitSeconds) throws InterruptedException {
    closing = true;
    return permits.tryAcquire(running + queued, waitSeconds, TimeUnit.SECONDS);
  }
}
