package io.github.solrneural.seam;

import org.apache.solr.metrics.SolrMetricProducer;
import org.apache.solr.metrics.SolrMetricsContext;

/** A plugin with metrics; Solr 9 passes the plugin's scope name. */
public interface MeteredComponent extends SolrMetricProducer {
  @Override
  default void initializeMetrics(SolrMetricsContext parentContext, String scope) {
    initializeMeters(new MetricScope(parentContext.getChildContext(this), scope));
  }

  /** Sets up the plugin's metrics, in the child context {@code scope} holds. */
  void initializeMeters(MetricScope scope);
}
