package io.github.solrneural.model;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
    this(model, gate, threadCount, daemonThreads(threadName));
  }

  /** @param threadFactory makes the model's threads, one at a time as they are first needed */
  PredictorPool(
      ZooModel<PaddedBatch, ModelOutput> model,
      InferenceGate gate,
      int threadCount,
      ThreadFactory threadFactory) {
    this.model = model;
    this.gate = gate;
    this.threads = Executors.newFixedThreadPool(threadCount, threadFactory);
  }

  private static ThreadFactory daemonThreads(String threadName) {
    AtomicInteger created = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, threadName + "-" + created.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Hears of each forward pass of {@link #runAll}, on the thread that ran it. */
  interface PassListener {
    void finished(PaddedBatch batch, long nanos);

    void failed(PaddedBatch batch, Throwable failure);
  }

  /**
   * Runs the forward passes of one request, in the given order, on as many slots as it gets: the
   * first through the gate (waiting in its queue, or refused, as configured), more only while they
   * are free and nobody waits for them. So a request never queues behind its own passes and never
   * overtakes another's, and a lone request uses every slot. Each slot runs passes one after
   * another on a model thread until none are left; a pass starts only while the budget lasts and
   * no other pass of the request has failed.
   *
   * @return the outputs in the batches' order
   * @throws ModelBusyException when the gate refuses the first slot; nothing ran
   * @throws InterruptedException when interrupted while waiting in the gate's queue; nothing ran
   * @throws BudgetExhaustedException when the budget ran out before every pass started
   */
  List<ModelOutput> runAll(
      List<PaddedBatch> batches, int[] order, Budget budget, PassListener listener)
      throws TranslateException, InterruptedException {
    int count = batches.size();
    ModelOutput[] outputs = new ModelOutput[count];
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable slot =
        () -> {
          try {
            for (int i = next.getAndIncrement(); i < count && failure.get() == null;
                i = next.getAndIncrement()) {
              if (budget.spent()) {
                failure.compareAndSet(null, new BudgetExhaustedException(budget.describe()));
                break;
              }
              PaddedBatch batch = batches.get(order[i]);
              long start = System.nanoTime();
              try {
                outputs[order[i]] = predictHere(batch);
              } catch (Throwable e) { // native code may throw checked exceptions undeclared
                listener.failed(batch, e);
                failure.compareAndSet(null, e);
                break;
              }
              listener.finished(batch, System.nanoTime() - start);
            }
          } finally {
            gate.exit();
          }
        };
    budget.check();
    gate.enter();
    int slots = 1;
    int started = 0;
    List<Future<?>> running = new ArrayList<>();
    try {
      while (slots < count && gate.tryEnterUncontended()) {
        slots++;
      }
      for (; started < slots; started++) {
        running.add(threads.submit(slot));
      }
    } catch (Throwable e) { // the pool is closed, or no thread could be started (an Error)
      if (started == 0) {
        failure.compareAndSet(null, e);
      } // else the slots that started run every pass
    } finally {
      for (int unused = started; unused < slots; unused++) {
        gate.exit(); // whatever was thrown: a slot no thread runs is given back here
      }
    }
    for (Future<?> pass : running) {
      try {
        awaitUninterruptibly(pass);
      } catch (ExecutionException e) { // a listener failed
        failure.compareAndSet(null, e.getCause());
      }
    }
    Throwable failed = failure.get();
    if (failed instanceof TranslateException) {
      throw (TranslateException) failed;
    }
    Unchecked.rethrowIfUnchecked(failed);
    if (failed != null) {
      throw new InferenceException("inference failed: " + failed, failed);
    }
    return Arrays.asList(outputs);
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
