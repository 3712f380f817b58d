package io.github.solrneural.store;

import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.PairScorer;
import io.github.solrneural.model.TextEmbedder;
import org.apache.solr.common.util.SimpleOrderedMap;
import io.github.solrneural.seam.Meters;

/** Where a configured model runs: loaded in this JVM, or behind a remote endpoint. */
interface ModelBackend {
  ModelKind kind();

  /** Only called for cross-encoders. */
  PairScorer pairScorer();

  /** Only called for embedders. */
  TextEmbedder embedder();

  /** Only called for embedders: the embedder for query texts, which may cache their vectors. */
  default TextEmbedder queryEmbedder() {
    return embedder();
  }

  /** Equal for two declarations that denote the same model (the same vectors or scores). */
  Object identity();

  /** Adds what the model listing shows, secrets excluded. */
  void describe(SimpleOrderedMap<Object> entry);

  /** Registers the model's per-core Solr metrics (a remote model's client). */
  void attachMetrics(Meters meters);

  /** Called when the core that declared it closes. */
  void release();
}
