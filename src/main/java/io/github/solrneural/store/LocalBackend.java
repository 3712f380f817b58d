package io.github.solrneural.store;

import io.github.solrneural.model.CrossEncoder;
import io.github.solrneural.model.Embedder;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelEngine;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.ModelLoadException;
import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.model.PairScorer;
import io.github.solrneural.model.TextEmbedder;
import java.util.Locale;
import org.apache.solr.common.util.SimpleOrderedMap;
import org.apache.solr.metrics.SolrMetricsContext;

/** A model folder loaded in this JVM, shared with every core that declares the same spec. */
final class LocalBackend implements ModelBackend {
  private final ModelSpec spec;
  private final LoadedModel model;
  private ModelMetrics metrics;

  private LocalBackend(ModelSpec spec, LoadedModel model) {
    this.spec = spec;
    this.model = model;
  }

  static LocalBackend acquire(ModelSpec spec) throws ModelLoadException {
    return new LocalBackend(spec, ModelRegistry.get().acquire(spec));
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
  }

  @Override
  public synchronized void attachMetrics(SolrMetricsContext context, String[] path) {
    metrics = new ModelMetrics(context, path);
    context.gauge(model::loadMillis, true, "loadMillis", path);
    context.gauge(model::outputDimension, true, "outputDimension", path);
    context.gauge(model::inferencesRunning, true, "inferencesRunning", path);
    context.gauge(model::inferencesQueued, true, "inferencesQueued", path);
    context.gauge(model::rejections, true, "rejectedInferences", path);
    model.addObserver(metrics);
  }

  @Override
  public synchronized void detachMetrics() {
    if (metrics != null) {
      model.removeObserver(metrics);
      metrics = null;
    }
  }

  @Override
  public void release() {
    ModelRegistry.get().release(spec);
  }
}
