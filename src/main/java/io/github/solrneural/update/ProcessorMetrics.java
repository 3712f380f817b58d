package io.github.solrneural.update;

import com.codahale.metrics.Counter;
import org.apache.solr.metrics.SolrMetricsContext;

/**
 * Solr metrics of one chunking and embedding processor, named
 * {@code UPDATE.neural.<input fields>.<vector field>.<metric>}.
 */
final class ProcessorMetrics {
  final Counter documentsEmbedded;
  final Counter chunksProduced;
  final Counter rejectedDocuments;
  final Counter embeddingFailures;

  /** The processor's key in the core's info registry, which Solr passes back as the scope. */
  static String scope(ChunkingConfig config) {
    return "neural." + String.join("+", config.inputFields()) + "." + config.vectorField();
  }

  ProcessorMetrics(SolrMetricsContext context, String scope) {
    String[] path = {"UPDATE", scope};
    documentsEmbedded = context.counter("documentsEmbedded", path);
    chunksProduced = context.counter("chunksProduced", path);
    rejectedDocuments = context.counter("rejectedDocuments", path);
    embeddingFailures = context.counter("embeddingFailures", path);
  }
}
