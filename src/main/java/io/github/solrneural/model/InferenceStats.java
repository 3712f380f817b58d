package io.github.solrneural.model;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded model's counts since loading (forward passes, items, failures, refusals, truncated
 * items) and the observers told of every forward pass. Failures and refusals are logged in bursts.
 */
final class InferenceStats {
  private static final Logger LOG = LoggerFactory.getLogger(InferenceStats.class);

  private final ModelSpec spec;
  private final AtomicLong forwardPasses = new AtomicLong();
  private final AtomicLong itemsProcessed = new AtomicLong();
  private final AtomicLong truncatedItems = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong rejections = new AtomicLong();
  private final BurstLog failureLog = new BurstLog(10_000);
  private final BurstLog rejectionLog = new BurstLog(10_000);
  private final List<InferenceObserver> observers = new CopyOnWriteArrayList<>();

  InferenceStats(ModelSpec spec) {
    this.spec = spec;
  }

  /** A forward pass ran: counted and reported to the observers, on the thread that ran it. */
  void passFinished(PaddedBatch batch, long nanos) {
    countPass(batch);
    for (InferenceObserver observer : observers) {
      observer.forwardPass(batch.size(), batch.truncatedCount(), nanos);
    }
  }

  /** A forward pass failed in the engine: counted, reported and logged. */
  void passFailed(PaddedBatch batch, Throwable failure) {
    countPass(batch);
    countFailure(failure.toString());
  }

  private void countPass(PaddedBatch batch) {
    forwardPasses.incrementAndGet();
    itemsProcessed.addAndGet(batch.size());
    truncatedItems.addAndGet(batch.truncatedCount());
  }

  private void countFailure(String problem) {
    failures.incrementAndGet();
    observers.forEach(InferenceObserver::failure);
    failureLog.warn(LOG, "inference failed in {} ({} failures in all): {}",
        spec.modelFile(), failures.get(), problem);
  }

  /** The model refused a request because it was saturated. */
  void rejected(ModelBusyException e) {
    rejections.incrementAndGet();
    rejectionLog.warn(LOG, "{} ({} refused in all)", e.getMessage(), rejections.get());
  }

  /**
   * A forward pass ran but its output cannot be used (a logit or vector that is not a finite
   * number): counted and logged as a failed pass, and returned to throw.
   */
  InferenceException unusableOutput(String problem) {
    String message = spec.kind().label() + " model " + spec.modelFile() + " " + problem;
    countFailure(message);
    return new InferenceException(message, null);
  }

  void addObserver(InferenceObserver observer) {
    observers.add(observer);
  }

  void removeObserver(InferenceObserver observer) {
    observers.remove(observer);
  }

  long forwardPasses() {
    return forwardPasses.get();
  }

  long itemsProcessed() {
    return itemsProcessed.get();
  }

  long truncatedItems() {
    return truncatedItems.get();
  }

  long failures() {
    return failures.get();
  }

  long rejections() {
    return rejections.get();
  }
}
