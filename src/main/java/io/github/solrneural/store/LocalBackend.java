package io.github.solrneural.store;

import io.github.solrneural.model.CachedQueryEmbedder;
import io.github.solrneural.model.CrossEncoder;
import io.github.solrneural.model.Embedder;
import io.github.solrneural.model.InferenceCache;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelEngine;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.ModelLoadException;
import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.model.PairScorer;
import io.github.solrneural.model.TextEmbedder;
import io.github.solrneural.seam.Meters;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.SimpleOrderedMap;
import org.apache.solr.core.CoreContainer;
import org.apache.solr.metrics.SolrMetricManager;

/**
 * A model folder loaded in this JVM, shared with every core that declares the same spec. Its
 * metrics live in the node registry (see {@link NodeModelMetrics}), not in the core's.
 */
final class LocalBackend implements ModelBackend {
  private final ModelSpec spec;
  private final LoadedModel model;
  private final SolrMetricManager nodeMetrics;
  private final String metricsPrefix;

  private LocalBackend(
      ModelSpec spec, LoadedModel model, SolrMetricManager nodeMetrics, String metricsPrefix) {
    this.spec = spec;
    this.model = model;
    this.nodeMetrics = nodeMetrics;
    this.metricsPrefix = metricsPrefix;
  }

  /** @param nodeMetrics the node's metric manager, or null for no metrics */
  static LocalBackend acquire(ModelSpec spec, SolrMetricManager nodeMetrics)
      throws ModelLoadException {
    LoadedModel model = ModelRegistry.get().acquire(spec);
    try {
      String prefix = nodeMetrics == null ? null : NodeModelMetrics.acquire(nodeMetrics, model);
      return new LocalBackend(spec, model, nodeMetrics, prefix);
    } catch (RuntimeException e) {
      ModelRegistry.get().release(spec);
      throw e;
    }
  }

  /**
   * Solr's own rule for files a core may read (as for backups and core instance dirs): under
   * SOLR_HOME, SOLR_DATA_HOME or the core root directory, or listed in {@code solr.allowPaths}.
   */
  static void assertFolderAllowed(CoreContainer container, String model, Path folder) {
    try {
      container.assertPathAllowed(folder);
    } catch (SolrException e) {
      throw ModelDeclaration.configError(
          model,
          "folder " + folder + " is outside the folders Solr may read: put it under SOLR_HOME or"
              + " add it (or a parent) to the system property '"
              + CoreContainer.ALLOW_PATHS_SYSPROP + "' (Solr: " + e.getMessage() + ")");
    }
  }

  @Override
  public ModelKind kind() {
    return spec.kind();
  }

  @Override
  public PairScorer pairScorer() {
    return new CrossEncoder(model);
  }

  @Override
  public TextEmbedder embedder() {
    return new Embedder(model);
  }

  @Override
  public TextEmbedder queryEmbedder() {
    return CachedQueryEmbedder.of(model);
  }

  @Override
  public Object identity() {
    return spec;
  }

  @Override
  public void describe(SimpleOrderedMap<Object> entry) {
    entry.add("backend", "local");
    entry.add("engine", spec.engine().djlName());
    entry.add("path", spec.folder().toString());
    entry.add("outputDimension", model.outputDimension());
    entry.add("maxLength", spec.maxLength());
    if (spec.kind() == ModelKind.EMBEDDING) {
      entry.add("pooling", spec.pooling().name().toLowerCase(Locale.ROOT));
      entry.add("normalize", spec.normalize());
    }
    entry.add("batchSize", spec.batchSize());
    entry.add("maxBatchTokens", spec.maxBatchTokens());
    entry.add("maxConcurrentInferences", spec.maxConcurrentInferences());
    if (spec.engine() == ModelEngine.ONNX_RUNTIME) {
      entry.add("intraOpThreads", spec.effectiveIntraOpThreads());
    }
    entry.add("maxQueuedInferences", spec.maxQueuedInferences());
    if (spec.maxQueueWaitMillis() != ModelSpec.NO_WAIT_LIMIT) {
      entry.add("maxQueueWaitMillis", spec.maxQueueWaitMillis());
    }
    entry.add("loadMillis", model.loadMillis());
    entry.add("modelFile", spec.modelFileName());
    entry.add("variant", spec.variant().isEmpty() ? "default" : spec.variant());
    entry.add("sha256", model.modelFileSha256());
    entry.add("forwardPasses", model.forwardPasses());
    entry.add("failures", model.failures());
    entry.add("inferencesRunning", model.inferencesRunning());
    entry.add("inferencesQueued", model.inferencesQueued());
    entry.add("rejectedInferences", model.rejections());
    if (spec.kind() == ModelKind.EMBEDDING) {
      entry.add("queryCache", cache(model.queryCache()));
    } else {
      entry.add("pairCache", cache(model.pairCache()));
    }
    if (metricsPrefix != null) {
      entry.add("metricsGroup", "node");
      entry.add("metricsPrefix", metricsPrefix);
    }
  }

  private static SimpleOrderedMap<Object> cache(InferenceCache<?> cache) {
    SimpleOrderedMap<Object> shown = new SimpleOrderedMap<>();
    shown.add("maxEntries", cache.limits().entries());
    shown.add("maxBytes", cache.limits().bytes());
    shown.add("entries", cache.entries());
    shown.add("bytes", cache.bytes());
    shown.add("hits", cache.hits());
    shown.add("misses", cache.misses());
    shown.add("evictions", cache.evictions());
    return shown;
  }

  @Override
  public void attachMetrics(Meters meters) {
    // Counted once per node (NodeModelMetrics): a core's own copy would count other cores' passes.
  }

  @Override
  public void release() {
    if (metricsPrefix != null) {
      NodeModelMetrics.release(nodeMetrics, spec);
    }
    ModelRegistry.get().release(spec);
  }
}
