package io.github.solrneural.store;

import com.codahale.metrics.MetricRegistry;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.solr.core.SolrInfoBean;
import org.apache.solr.metrics.SolrMetricManager;
import org.apache.solr.metrics.SolrMetricProducer;
import org.apache.solr.metrics.SolrMetricsContext;

/**
 * The metrics of in-process models, in the node's registry ({@code solr.node}) under {@code
 * neural.model.<folder>[-<variant>]}: one set per node and loaded model, whichever cores share it,
 * so that no forward pass is counted twice. Reference-counted like the model: registered when the
 * node's first core acquires it, removed when the last releases it.
 */
final class NodeModelMetrics {
  static final String REGISTRY = SolrMetricManager.getRegistryName(SolrInfoBean.Group.node);
  static final String PREFIX = "neural.model.";

  /** Per node (its metric manager), per loaded spec. */
  private static final Map<SolrMetricManager, Map<ModelSpec, Registration>> NODES =
      new WeakHashMap<>();

  private static final class Registration {
    final String name;
    final LoadedModel model;
    final SolrMetricsContext context;
    final ModelMetrics observer;
    int references;

    Registration(String name, LoadedModel model, SolrMetricManager manager) {
      this.name = name;
      this.model = model;
      this.context =
          new SolrMetricsContext(manager, REGISTRY, SolrMetricProducer.getUniqueMetricTag(this, null));
      String[] path = {"neural", "model", name.substring(PREFIX.length())};
      this.observer = new ModelMetrics(context, path);
      context.gauge(model::loadMillis, true, "loadMillis", path);
      context.gauge(model::outputDimension, true, "outputDimension", path);
      context.gauge(model::inferencesRunning, true, "inferencesRunning", path);
      context.gauge(model::inferencesQueued, true, "inferencesQueued", path);
      context.gauge(model::rejections, true, "rejectedInferences", path);
      model.addObserver(observer);
    }

    void unregister() {
      model.removeObserver(observer);
      MetricRegistry registry = context.getMetricRegistry();
      context.getMetricNames().forEach(registry::remove);
    }
  }

  private NodeModelMetrics() {}

  /**
   * Counts one more core of the node that uses the model.
   *
   * @return the prefix of the model's metric names in the node registry
   */
  static synchronized String acquire(SolrMetricManager manager, LoadedModel model) {
    Map<ModelSpec, Registration> node = NODES.computeIfAbsent(manager, m -> new HashMap<>());
    Registration registration = node.get(model.spec());
    if (registration == null) {
      registration = new Registration(uniqueName(node, model.spec()), model, manager);
      node.put(model.spec(), registration);
    }
    registration.references++;
    return registration.name;
  }

  static synchronized void release(SolrMetricManager manager, ModelSpec spec) {
    Map<ModelSpec, Registration> node = NODES.get(manager);
    Registration registration = node == null ? null : node.get(spec);
    if (registration == null) {
      return;
    }
    if (--registration.references == 0) {
      node.remove(spec);
      registration.unregister();
    }
  }

  /** The folder's name and variant; two specs of one folder (other settings) get -2, -3, ... */
  private static String uniqueName(Map<ModelSpec, Registration> node, ModelSpec spec) {
    String base =
        PREFIX + spec.folder().getFileName() + (spec.variant().isEmpty() ? "" : "-" + spec.variant());
    String name = base;
    for (int n = 2; taken(node, name); n++) {
      name = base + "-" + n;
    }
    return name;
  }

  private static boolean taken(Map<ModelSpec, Registration> node, String name) {
    return node.values().stream().anyMatch(registration -> registration.name.equals(name));
  }
}
