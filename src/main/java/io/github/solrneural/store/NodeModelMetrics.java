package io.github.solrneural.store;

import io.github.solrneural.model.InferenceCache;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.seam.MetricPath;
import io.github.solrneural.seam.MetricScope;
import io.github.solrneural.seam.Meters;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.solr.metrics.SolrMetricManager;

/**
 * The metrics of in-process models, in the node's registry ({@code solr.node}) under {@code
 * neural.model.<folder>[-<variant>]}: one set per node and loaded model, whichever cores share it,
 * so that no forward pass is counted twice. Reference-counted like the model: registered when the
 * node's first core acquires it, removed when the last releases it.
 */
final class NodeModelMetrics {
  static final String PREFIX = "neural.model.";

  /** Per node (its metric manager), per loaded spec. */
  private static final Map<SolrMetricManager, Map<ModelSpec, Registration>> NODES =
      new WeakHashMap<>();

  private static final class Registration {
    final String name;
    final LoadedModel model;
    final Meters meters;
    final ModelMetrics observer;
    int references;

    Registration(String name, LoadedModel model, SolrMetricManager manager) {
      this.name = name;
      this.model = model;
      String folder = name.substring(PREFIX.length());
      String[] path = {"neural", "model", folder};
      this.meters = new Meters(
          MetricScope.node(manager, this), new MetricPath(path, "model", Map.of("model", folder)));
      this.observer = new ModelMetrics(meters);
      meters.gauge("loadMillis", model::loadMillis);
      meters.gauge("outputDimension", model::outputDimension);
      meters.gauge("inferencesRunning", model::inferencesRunning);
      meters.gauge("inferencesQueued", model::inferencesQueued);
      meters.gauge("rejectedInferences", model::rejections);
      cacheGauges("queryCache", model.queryCache());
      cacheGauges("pairCache", model.pairCache());
      model.addObserver(observer);
    }

    /** Only a cache the model uses: an embedder's queries, a cross-encoder's pairs. */
    private void cacheGauges(String name, InferenceCache<?> cache) {
      if (cache.enabled()) {
        meters.gauge(name + "Hits", cache::hits);
        meters.gauge(name + "Misses", cache::misses);
        meters.gauge(name + "Evictions", cache::evictions);
        meters.gauge(name + "Entries", cache::entries);
        meters.gauge(name + "Bytes", cache::bytes);
      }
    }

    void unregister() {
      model.removeObserver(observer);
      meters.unregister();
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
