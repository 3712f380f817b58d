package io.github.solrneural.model;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits the forward passes of one model: at most {@code maxConcurrent} run at once, at most {@code
 * maxQueued} wait for a turn (in arrival order), and a waiter gives up after {@code maxWaitMillis}
 * (0: no limit). Anything beyond is refused at once with {@link ModelBusyException}, so an overload
 * turns into quick refusals instead of an ever longer queue.
 */
final class InferenceGate {
  private final String modelFile;
  private final int maxConcurrent;
  private final int maxQueued;
  private final long maxWaitMillis;
  private final Semaphore slots;
  private final AtomicInteger queued = new AtomicInteger();

  InferenceGate(String modelFile, int maxConcurrent, int maxQueued, long maxWaitMillis) {
    this.modelFile = modelFile;
    this.maxConcurrent = maxConcurrent;
    this.maxQueued = maxQueued;
    this.maxWaitMillis = maxWaitMillis;
    this.slots = new Semaphore(maxConcurrent, true);
  }

  /** Takes a slot, waiting in the queue if there is room; call {@link #exit()} when done. */
  void enter() throws InterruptedException {
    // The timed form honours fairness: it does not overtake inferences already waiting.
    if (slots.tryAcquire(0, TimeUnit.NANOSECONDS)) {
      return;
    }
    if (queued.incrementAndGet() > maxQueued) {
      queued.decrementAndGet();
      throw new ModelBusyException(
          modelFile,
          "all " + maxConcurrent + " inference slots are in use and the queue of "
              + maxQueued + " is full (maxConcurrentInferences=" + maxConcurrent
              + ", maxQueuedInferences=" + maxQueued + ")");
    }
    try {
      if (maxWaitMillis == ModelSpec.NO_WAIT_LIMIT) {
        slots.acquire();
      } else if (!slots.tryAcquire(maxWaitMillis, TimeUnit.MILLISECONDS)) {
        throw new ModelBusyException(
            modelFile,
            "no inference slot came free within maxQueueWaitMillis=" + maxWaitMillis);
      }
    } finally {
      queued.decrementAndGet();
    }
  }

  /**
   * Takes a slot only if one is free and no inference waits for it; call {@link #exit()} when done.
   */
  boolean tryEnterUncontended() {
    // The timed form honours fairness, as above.
    try {
      return slots.tryAcquire(0, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  void exit() {
    slots.release();
  }

  /** Inferences running now. */
  int running() {
    return maxConcurrent - slots.availablePermits();
  }

  /** Inferences waiting for a slot now. */
  int queued() {
    return queued.get();
  }
}
