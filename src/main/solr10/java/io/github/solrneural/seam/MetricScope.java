package io.github.solrneural.seam;

import io.opentelemetry.api.common.Attributes;
import org.apache.solr.core.SolrInfoBean;
import org.apache.solr.metrics.SolrMetricManager;
import org.apache.solr.metrics.SolrMetricProducer;
import org.apache.solr.metrics.SolrMetricsContext;

/** What Solr 10 hands a component for its metrics: a context and the attributes of its core. */
public final class MetricScope {
  private final SolrMetricsContext context;
  private final Attributes attributes;

  public MetricScope(SolrMetricsContext context, Attributes attributes) {
    this.context = context;
    this.attributes = attributes;
  }

  /** The node's registry ({@code solr.node}), with a context of its own for {@code owner}. */
  public static MetricScope node(SolrMetricManager manager, Object owner) {
    String registry = SolrMetricManager.enforcePrefix(SolrInfoBean.Group.node.toString());
    return new MetricScope(new SolrMetricsContext(manager, registry), Attributes.empty());
  }

  public SolrMetricsContext context() {
    return context;
  }

  Attributes attributes() {
    return attributes;
  }

  /** The handler's path or the plugin's name, whichever Solr put in the attributes. */
  public String name() {
    String handler = attributes.get(SolrMetricProducer.HANDLER_ATTR);
    String plugin = attributes.get(SolrMetricProducer.PLUGIN_NAME_ATTR);
    return handler != null ? handler : plugin != null ? plugin : "";
  }
}
