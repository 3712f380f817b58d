package io.github.solrneural.store;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.apache.solr.metrics.SolrMetricManager;

/**
 * The node registry's model metrics as Solr 10 keeps them: OpenTelemetry instruments named {@code
 * solr_neural_model_*}, told apart by their {@code model} label, read through the registry's
 * Prometheus reader as {@code /admin/metrics} reads them.
 */
final class NodeRegistry {
  private static final String NODE = "solr.node";

  private NodeRegistry() {}

  static SolrMetricManager manager() {
    return new SolrMetricManager(null);
  }

  /** {@code solr_neural_model_<metric>{model=...}}, a counter; 0 before its first count. */
  static long counter(SolrMetricManager manager, String prefix, String metric) {
    String name = "solr_neural_model_" + metric.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
    for (MetricSnapshot snapshot : snapshots(manager)) {
      if (snapshot instanceof CounterSnapshot counter
          && snapshot.getMetadata().getPrometheusName().equals(name)) {
        for (CounterSnapshot.CounterDataPointSnapshot point : counter.getDataPoints()) {
          if (model(prefix).equals(point.getLabels().get("model"))) {
            return (long) point.getValue();
          }
        }
      }
    }
    return 0;
  }

  /**
   * Whether the model's gauges are registered: OpenTelemetry cannot remove an instrument, so its
   * counters stay, but the gauges that read the model go with the last core.
   */
  static boolean registered(SolrMetricManager manager, String prefix) {
    for (MetricSnapshot snapshot : snapshots(manager)) {
      if (!(snapshot instanceof CounterSnapshot)) {
        for (DataPointSnapshot point : snapshot.getDataPoints()) {
          if (model(prefix).equals(point.getLabels().get("model"))
              && snapshot.getMetadata().getPrometheusName().endsWith("_load_millis")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static MetricSnapshots snapshots(SolrMetricManager manager) {
    return manager.getPrometheusMetricReader(NODE).collect();
  }

  private static String model(String prefix) {
    return prefix.substring(NodeModelMetrics.PREFIX.length());
  }
}
