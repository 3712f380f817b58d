package io.github.solrneural.search;

import io.github.solrneural.seam.MetricPath;
import io.github.solrneural.seam.MetricScope;
import io.github.solrneural.seam.Meters;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.solr.metrics.SolrMetricsContext;

/**
 * A query parser plugin's statistics: {@code QUERYPARSER.<plugin class>.parsedQueries} on Solr 9
 * (the admin UI's Plugins / Stats screen), {@code solr_neural_parser_parsed_queries} on Solr 10.
 */
final class ParserMetrics {
  private volatile SolrMetricsContext context;
  // Counts nowhere until Solr registers the plugin's metrics (as in a test that builds the plugin).
  private LongConsumer parsedQueries = n -> {};

  /** From the plugin's initializeMeters, once the plugin is registered with its core. */
  void initialize(MetricScope scope, String pluginClass) {
    context = scope.context();
    String[] path = {"QUERYPARSER", scope.name()};
    MetricPath named = new MetricPath(path, "parser", Map.of("plugin_class", pluginClass));
    parsedQueries = new Meters(scope, named).counter("parsedQueries");
  }

  SolrMetricsContext context() {
    return context;
  }

  boolean initialized() {
    return context != null;
  }

  void parsed() {
    parsedQueries.accept(1);
  }
}
