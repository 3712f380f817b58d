package io.github.solrneural.seam;

import org.apache.solr.handler.RequestHandlerBase;
import org.apache.solr.metrics.SolrMetricsContext;

/** A request handler that adds metrics of its own to Solr's request metrics (Solr 9). */
public abstract class MeteredHandler extends RequestHandlerBase {
  @Override
  public void initializeMetrics(SolrMetricsContext parentContext, String scope) {
    super.initializeMetrics(parentContext, scope);
    initializeMeters(new MetricScope(getSolrMetricsContext(), scope));
  }

  /** Called once Solr has set up the handler's metrics context. */
  protected abstract void initializeMeters(MetricScope scope);
}
