package io.github.solrneural.model;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a model's forward passes. An {@link InferenceGate} bounds how many run at once and how many
 * may wait. Admitted passes run on the model's own threads, one per concurrent pass, not on the
 * calling request threads: native runtimes keep state per thread that calls them (PyTorch's OpenMP
 * thread team, allocator arenas, kernel buffers), so letting every request thread of a Solr node
 * call in grows resident memory with the number of threads that ever did. DJL predictors are not
 * thread-safe: each running pass borrows its own, and they are reused, not recreated.
 */
final class PredictorPool implements AutoCloseable {
  private final ZooModel<PaddedBatch, ModelOutput> model;
  private final InferenceGate gate;
  private final ExecutorService threads;
  private final ConcurrentLinkedQueue<Predictor<PaddedBatch, ModelOutput>> idle =
      new ConcurrentLinkedQueue<>();

  /**
   * @param threadCount the gate's number of concurrent passes, so an admitted pass never waits for
   *     a thread
   * @param threadName prefix of the threads' names
   */
  PredictorPool(
      ZooModel<PaddedBatch, ModelOutput> model,
      InferenceGate gate,
      int threadCount,
      String threadName) {
    this.model = model;
    this.gate = gate;
    AtomicInteger created = new AtomicInteger();
    this.threads =
        Executors.newFixedThreadPool(
            threadCount,
            runnable -> {
              Thread thread = new Thread(runnable, threadName + "-" + created.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** A finished forward pass and how long it ran, not counting its wait for a slot. */
  record Pass(ModelOutput output, long nanos) {}

  /**
   * Starts one forward pass on a model thread once the gate admits it. The pass holds its slot
   * until it ends, whatever happens to the caller.
   *
   * @throws ModelBusyException when the gate refuses it; nothing ran
   * @throws InterruptedException when interrupted while waiting in the gate's queue
   */
  Future<Pass> submit(PaddedBatch batch) throws InterruptedException {
    gate.enter();
    try {
      return threads.submit(
          () -> {
            try {
              long start = System.nanoTime();
              ModelOutput output = predictHere(batch);
              return new Pass(output, System.nanoTime() - start);
            } finally {
              gate.exit();
            }
          });
    } catch (RuntimeException e) { // rejected: the pool is closed
      gate.exit();
      throw e;
    }
  }

  /**
   * Waits for a started pass; an interrupt cannot cut the wait short, since the pass keeps running.
   */
  static Pass await(Future<Pass> pass) throws TranslateException {
    try {
      return awaitUninterruptibly(pass);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TranslateException) {
        throw (TranslateException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new TranslateException(cause);
    }
  }

  private ModelOutput predictHere(PaddedBatch batch) throws TranslateException {
    Predictor<PaddedBatch, ModelOutput> predictor = idle.poll();
    if (predictor == null) {
      predictor = model.newPredictor();
    }
    try {
      return predictor.predict(batch);
    } finally {
      idle.offer(predictor);
    }
  }

  private static <T> T awaitUninterruptibly(Future<T> pass) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return pass.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  InferenceGate gate() {
    return gate;
  }

  @Override
  public void close() {
    threads.shutdown();
    Predictor<PaddedBatch, ModelOutput> predictor;
    while ((predictor = idle.poll()) != null) {
      predictor.close();
    }
  }
}
