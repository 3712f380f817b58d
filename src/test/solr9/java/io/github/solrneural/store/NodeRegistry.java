package io.github.solrneural.store;

import org.apache.solr.core.SolrInfoBean;
import org.apache.solr.metrics.SolrMetricManager;

/** The node registry's model metrics as Solr 9 keeps them (Dropwizard, dotted names). */
final class NodeRegistry {
  private static final String NODE = SolrMetricManager.getRegistryName(SolrInfoBean.Group.node);

  private NodeRegistry() {}

  static SolrMetricManager manager() {
    return new SolrMetricManager();
  }

  /** {@code <prefix>.<metric>}, a counter. */
  static long counter(SolrMetricManager manager, String prefix, String metric) {
    return manager.registry(NODE).counter(prefix + "." + metric).getCount();
  }

  /** Whether any metric of the model (prefix {@code neural.model.<name>}) is registered. */
  static boolean registered(SolrMetricManager manager, String prefix) {
    return manager.registry(NODE).getNames().stream().anyMatch(name -> name.startsWith(prefix));
  }
}
