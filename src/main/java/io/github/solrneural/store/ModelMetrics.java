package io.github.solrneural.store;

import io.github.solrneural.model.InferenceObserver;
import io.github.solrneural.seam.Meters;
import java.util.function.LongConsumer;

/**
 * Solr metrics of the forward passes of one loaded model, fed by the model itself. Registered once
 * per node and model by {@link NodeModelMetrics}, so each pass is counted once.
 */
final class ModelMetrics implements InferenceObserver {
  private final LongConsumer forwardPasses;
  private final LongConsumer items;
  private final LongConsumer batchSize;
  private final LongConsumer latency;
  private final LongConsumer errors;
  private final LongConsumer truncated;

  ModelMetrics(Meters meters) {
    forwardPasses = meters.counter("forwardPasses");
    items = meters.counter("items");
    batchSize = meters.histogram("batchSize");
    latency = meters.timer("forwardPassTime");
    errors = meters.counter("errors");
    truncated = meters.counter("truncatedItems");
  }

  @Override
  public void forwardPass(int itemCount, int truncatedItems, long nanos) {
    forwardPasses.accept(1);
    items.accept(itemCount);
    batchSize.accept(itemCount);
    latency.accept(nanos);
    truncated.accept(truncatedItems);
  }

  @Override
  public void failure() {
    errors.accept(1);
  }
}
