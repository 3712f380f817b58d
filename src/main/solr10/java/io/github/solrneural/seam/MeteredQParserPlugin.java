package io.github.solrneural.seam;

import io.opentelemetry.api.common.Attributes;
import org.apache.solr.core.SolrCore;
import org.apache.solr.metrics.SolrMetricProducer;
import org.apache.solr.metrics.SolrMetricsContext;
import org.apache.solr.search.QParserPlugin;

/**
 * A query parser plugin with metrics of its own. Solr 10's parser plugins are no SolrInfoBeans and
 * Solr does not register them: the plugin registers itself with its core ({@link #registerWith}).
 */
public abstract class MeteredQParserPlugin extends QParserPlugin implements SolrMetricProducer {
  @Override
  public void initializeMetrics(SolrMetricsContext parentContext, Attributes attributes) {
    initializeMeters(new MetricScope(parentContext.getChildContext(this), attributes));
  }

  /** Sets up the plugin's metrics, in the child context {@code scope} holds. */
  protected abstract void initializeMeters(MetricScope scope);

  /** What the plugin does, as Solr 9's Plugins / Stats screen showed it. */
  public abstract String getDescription();

  /** Registers the plugin's metrics with its core, under {@code name}. */
  protected void registerWith(SolrCore core, String name) {
    core.getCoreMetricManager()
        .registerMetricProducer(this, Attributes.of(SolrMetricProducer.PLUGIN_NAME_ATTR, name));
  }
}
