package io.github.solrneural.model;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * DJL predictors are not thread-safe: each running inference borrows its own, and an {@link
 * InferenceGate} bounds how many forward passes of one model run at once and how many may wait.
 * Predictors are reused, not recreated.
 */
final class PredictorPool implements AutoCloseable {
  private final ZooModel<PaddedBatch, ModelOutput> model;
  private final InferenceGate gate;
  private final ConcurrentLinkedQueue<Predictor<PaddedBatch, ModelOutput>> idle =
      new ConcurrentLinkedQueue<>();

  PredictorPool(ZooModel<PaddedBatch, ModelOutput> model, InferenceGate gate) {
    this.model = model;
    this.gate = gate;
  }

  /**
   * Runs one forward pass once the gate admits it.
   *
   * @throws ModelBusyException when the gate refuses it; nothing ran
   */
  ModelOutput predict(PaddedBatch batch) throws TranslateException, InterruptedException {
    gate.enter();
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
      gate.exit();
    }
  }

  InferenceGate gate() {
    return gate;
  }

  @Override
  public void close() {
    Predictor<PaddedBatch, ModelOutput> predictor;
    while ((predictor = idle.poll()) != null) {
      predictor.close();
    }
  }
}
