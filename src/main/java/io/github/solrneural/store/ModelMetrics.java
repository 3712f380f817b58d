package io.github.solrneural.store;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Timer;
import io.github.solrneural.model.InferenceObserver;
import java.util.concurrent.TimeUnit;
import org.apache.solr.metrics.SolrMetricsContext;

/**
 * Solr metrics of the forward passes of one loaded model, fed by the model itself. Registered once
 * per node and model by {@link NodeModelMetrics}, so each pass is counted once.
 */
final class ModelMetrics implements InferenceObserver {
  private final Counter forwardPasses;
  private final Counter items;
  private final Histogram batchSize;
  private final Timer latency;
  private final Counter errors;
  private final Counter truncated;

  ModelMetrics(SolrMetricsContext context, String[] path) {
    forwardPasses = context.counter("forwardPasses", path);
    items = context.counter("items", path);
    batchSize = context.histogram("batchSize", path);
    latency = context.timer("forwardPassTime", path);
    errors = context.counter("errors", path);
    truncated = context.counter("truncatedItems", path);
  }

  @Override
  public void forwardPass(int itemCount, int truncatedItems, long nanos) {
    forwardPasses.inc();
    items.inc(itemCount);
    batchSize.update(itemCount);
    latency.update(nanos, TimeUnit.NANOSECONDS);
    truncated.inc(truncatedItems);
  }

  @Override
  public void failure() {
    errors.inc();
  }
}
