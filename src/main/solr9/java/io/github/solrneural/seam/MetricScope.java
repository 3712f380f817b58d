package io.github.solrneural.seam;

import org.apache.solr.core.SolrInfoBean;
import org.apache.solr.metrics.SolrMetricManager;
import org.apache.solr.metrics.SolrMetricProducer;
import org.apache.solr.metrics.SolrMetricsContext;

/** What Solr 9 hands a component for its metrics: a context and the component's scope name. */
public final class MetricScope {
  private final SolrMetricsContext context;
  private final String name;

  public MetricScope(SolrMetricsContext context, String name) {
    this.context = context;
    this.name = name;
  }

  /** A context of its own in the node's registry ({@code solr.node}), for {@code owner}. */
  public static MetricScope node(SolrMetricManager manager, Object owner) {
    String registry = SolrMetricManager.getRegistryName(SolrInfoBean.Group.node);
    return new MetricScope(new SolrMetricsContext(
        manager, registry, SolrMetricProducer.getUniqueMetricTag(owner, null)), "");
  }

  public SolrMetricsContext context() {
    return context;
  }

  /** The key Solr registered the component under. */
  public String name() {
    return name;
  }
}
