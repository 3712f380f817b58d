package io.github.solrneural.seam;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.apache.solr.metrics.SolrMetricsContext;

/** One component's metrics on Solr 9: Dropwizard metrics named {@code <path>.<name>}. */
public final class Meters {
  private final SolrMetricsContext context;
  private final String[] path;

  public Meters(MetricScope scope, MetricPath path) {
    this.context = scope.context();
    this.path = path.path();
  }

  public LongConsumer counter(String name) {
    Counter counter = context.counter(name, path);
    return counter::inc;
  }

  public LongConsumer histogram(String name) {
    Histogram histogram = context.histogram(name, path);
    return histogram::update;
  }

  /** A timer fed with nanoseconds. */
  public LongConsumer timer(String name) {
    Timer timer = context.timer(name, path);
    return nanos -> timer.update(nanos, TimeUnit.NANOSECONDS);
  }

  public void gauge(String name, LongSupplier value) {
    context.gauge(value::getAsLong, true, name, path);
  }

  /** Removes every metric of the scope's context from its registry. */
  public void unregister() {
    MetricRegistry registry = context.getMetricRegistry();
    context.getMetricNames().forEach(registry::remove);
  }
}
