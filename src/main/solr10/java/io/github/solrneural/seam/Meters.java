package io.github.solrneural.seam;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.apache.solr.metrics.SolrMetricsContext;
import org.apache.solr.metrics.otel.OtelUnit;

/**
 * One component's metrics on Solr 10: OpenTelemetry instruments named {@code
 * solr_neural_<kind>_<name in snake case>}, with the core's and the path's attributes.
 */
public final class Meters {
  private final SolrMetricsContext context;
  private final String prefix;
  private final Attributes attributes;

  public Meters(MetricScope scope, MetricPath path) {
    this.context = scope.context();
    this.prefix = "solr_neural_" + path.kind() + "_";
    AttributesBuilder builder = scope.attributes().toBuilder();
    path.attributes().forEach((key, value) -> builder.put(AttributeKey.stringKey(key), value));
    this.attributes = builder.build();
  }

  public LongConsumer counter(String name) {
    LongCounter counter = context.longCounter(name(name), describe(name));
    return n -> counter.add(n, attributes);
  }

  public LongConsumer histogram(String name) {
    LongHistogram histogram = context.longHistogram(name(name), describe(name));
    return n -> histogram.record(n, attributes);
  }

  /** A histogram in milliseconds, fed with nanoseconds. */
  public LongConsumer timer(String name) {
    DoubleHistogram histogram =
        context.doubleHistogram(name(name), describe(name), OtelUnit.MILLISECONDS);
    return nanos -> histogram.record(nanos / 1e6, attributes);
  }

  public void gauge(String name, LongSupplier value) {
    context.observableLongGauge(
        name(name), describe(name), measurement -> measurement.record(value.getAsLong(), attributes));
  }

  /** Stops the gauges; OpenTelemetry keeps counters and histograms for the node's life. */
  public void unregister() {
    context.unregister();
  }

  /** {@code forwardPassTime} becomes {@code <prefix>forward_pass_time}. */
  String name(String metric) {
    return prefix + metric.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  private static String describe(String metric) {
    return "Solr Neural: " + metric;
  }
}
