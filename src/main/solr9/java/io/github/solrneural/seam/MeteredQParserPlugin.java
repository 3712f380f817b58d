package io.github.solrneural.seam;

import org.apache.solr.core.SolrCore;
import org.apache.solr.metrics.SolrMetricsContext;
import org.apache.solr.search.QParserPlugin;

/** A query parser plugin with metrics of its own; on Solr 9 Solr registers it (a SolrInfoBean). */
public abstract class MeteredQParserPlugin extends QParserPlugin {
  @Override
  public void initializeMetrics(SolrMetricsContext parentContext, String scope) {
    initializeMeters(new MetricScope(parentContext.getChildContext(this), scope));
  }

  /** Sets up the plugin's metrics, in the child context {@code scope} holds. */
  protected abstract void initializeMeters(MetricScope scope);

  /** Nothing to do: Solr 9 has registered the plugin with its core already. */
  protected void registerWith(SolrCore core, String name) {}
}
