package io.github.solrneural.search;

import com.codahale.metrics.Counter;
import org.apache.solr.metrics.SolrMetricsContext;

/**
 * A query parser plugin's statistics, which the admin UI's Plugins / Stats screen shows under
 * QUERYPARSER: {@code QUERYPARSER.<plugin class>.parsedQueries}.
 */
final class ParserMetrics {
  private SolrMetricsContext context;
  // Counts before Solr registers the plugin's metrics too (as in a test that builds the plugin).
  private Counter parsedQueries = new Counter();

  /** From the plugin's initializeMetrics, which Solr calls once it registers the plugin. */
  void initialize(SolrMetricsContext parentContext, Object plugin, String category, String scope) {
    context = parentContext.getChildContext(plugin);
    parsedQueries = context.counter("parsedQueries", category, scope);
  }

  SolrMetricsContext context() {
    return context;
  }

  void parsed() {
    parsedQueries.inc();
  }
}
