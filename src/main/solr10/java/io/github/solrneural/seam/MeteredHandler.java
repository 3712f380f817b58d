package io.github.solrneural.seam;

import io.opentelemetry.api.common.Attributes;
import org.apache.solr.handler.RequestHandlerBase;
import org.apache.solr.metrics.SolrMetricsContext;

/** A request handler that adds metrics of its own to Solr's request metrics (Solr 10). */
public abstract class MeteredHandler extends RequestHandlerBase {
  @Override
  public void initializeMetrics(SolrMetricsContext parentContext, Attributes attributes) {
    super.initializeMetrics(parentContext, attributes);
    initializeMeters(new MetricScope(getSolrMetricsContext(), attributes));
  }

  /** Called once Solr has set up the handler's metrics context. */
  protected abstract void initializeMeters(MetricScope scope);
}
