package io.github.solrneural.seam;

import io.opentelemetry.api.common.Attributes;
import org.apache.solr.metrics.SolrMetricProducer;
import org.apache.solr.metrics.SolrMetricsContext;

/** A plugin with metrics; Solr 10 passes the attributes of the plugin and its core. */
public interface MeteredComponent extends SolrMetricProducer {
  @Override
  default void initializeMetrics(SolrMetricsContext parentContext, Attributes attributes) {
    initializeMeters(new MetricScope(parentContext.getChildContext(this), attributes));
  }

  /** Sets up the plugin's metrics, in the child context {@code scope} holds. */
  void initializeMeters(MetricScope scope);
}
