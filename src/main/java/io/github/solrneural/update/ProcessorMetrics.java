package io.github.solrneural.update;

import io.github.solrneural.seam.MetricPath;
import io.github.solrneural.seam.MetricScope;
import io.github.solrneural.seam.Meters;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Solr metrics of one chunking and embedding processor, named
 * {@code UPDATE.neural.<input fields>.<vector field>.<metric>} on Solr 9 and {@code
 * solr_neural_processor_<metric>{processor="neural.<input fields>.<vector field>"}} on Solr 10.
 */
final class ProcessorMetrics {
  final LongConsumer documentsEmbedded;
  final LongConsumer chunksProduced;
  final LongConsumer rejectedDocuments;
  final LongConsumer embeddingFailures;
  /** Texts (chunks, or whole documents) that took the vector their stored version held. */
  final LongConsumer vectorsReused;
  /** Texts run through the model. */
  final LongConsumer vectorsComputed;

  /** The processor's key in the core's info registry, which Solr passes back as the scope. */
  static String scope(ChunkingConfig config) {
    return "neural." + String.join("+", config.inputFields()) + "." + config.vectorField();
  }

  ProcessorMetrics(MetricScope metricScope, String scope) {
    Meters meters = new Meters(metricScope,
        new MetricPath(new String[] {"UPDATE", scope}, "processor", Map.of("processor", scope)));
    documentsEmbedded = meters.counter("documentsEmbedded");
    chunksProduced = meters.counter("chunksProduced");
    rejectedDocuments = meters.counter("rejectedDocuments");
    embeddingFailures = meters.counter("embeddingFailures");
    vectorsReused = meters.counter("vectorsReused");
    vectorsComputed = meters.counter("vectorsComputed");
  }
}
