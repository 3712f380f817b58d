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

  ProcessorMetrics(SolrMetricsContext context, ChunkingConfig config) {
    String[] path = {"UPDATE", "neural", String.join("+", config.inputFields()), config.vectorField()};
    documentsEmbedded = context.counter("documentsEmbedded", path);
    chunksProduced = context.counter("chunksProduced", path);
    rejectedDocuments = context.counter("rejectedDocuments", path);
    embeddingFailures = context.counter("embeddingFailures", path);
  }
}
