package io.github.solrneural.model;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * DJL predictors are not thread-safe: each running inference borrows its own, and a semaphore bounds
 * how many forward passes of one model run at once. Predictors are reused, not recreated.
 */
final class PredictorPool implements AutoCloseable {
  private final ZooModel<PaddedBatch, ModelOutput> model;
  private final Semaphore permits;
  private final ConcurrentLinkedQueue<Predictor<PaddedBatch, ModelOutput>> idle =
      new ConcurrentLinkedQueue<>();

  PredictorPool(ZooModel<PaddedBatch, ModelOutput> model, int maxConcurrent) {
    this.model = model;
    this.permits = new Semaphore(maxConcurrent, true);
  }

  ModelOutput predict(PaddedBatch batch) throws TranslateException, InterruptedException {
    permits.acquire();
    try {
      Predictor<PaddedBatch, ModelOutput> predictor = idle.poll();
      if (predictor == null) {
        predictor = model.newPredictor();
      }
      try {
        return predictor.predict(batch);
      } finally {
        idle.offer(predictor);
      }
    } finally {
      permits.release();
    }
  }

  @Override
  public void close() {
    Predictor<PaddedBatch, ModelOutput> predictor;
    while ((predictor = idle.poll()) != null) {
      predictor.close();
    }
  }
}
