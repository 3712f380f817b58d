package io.github.solrneural.model;

import ai.djl.repository.zoo.ZooModel;
import java.util.List;

/**
 * One model folder loaded through DJL: the model, its tokenizer, the runner of its forward passes
 * and its counts. Knows nothing of Solr. Created by {@link ModelLoader}, shared and closed by
 * {@link ModelRegistry}.
 */
public final class LoadedModel implements AutoCloseable {
  private final ModelSpec spec;
  private final ZooModel<PaddedBatch, ModelOutput> model;
  private final ModelTokenizer tokenizer;
  private final BatchRunner runner;
  private final InferenceStats stats;
  private final long loadMillis;
  private final String modelFileSha256;
  private final int outputDimension;
  private final InferenceCache<Embedding> queryCache;
  private final InferenceCache<Float> pairCache;

  LoadedModel(
      ModelSpec spec,
      ZooModel<PaddedBatch, ModelOutput> model,
      ModelTokenizer tokenizer,
      BatchRunner runner,
      InferenceStats stats,
      long loadMillis,
      String modelFileSha256,
      int outputDimension) {
    this.spec = spec;
    this.model = model;
    this.tokenizer = tokenizer;
    this.runner = runner;
    this.stats = stats;
    this.loadMillis = loadMillis;
    this.modelFileSha256 = modelFileSha256;
    this.outputDimension = outputDimension;
    this.queryCache = new InferenceCache<>(spec.queryCache(), CachedQueryEmbedder::heapBytes);
    this.pairCache = new InferenceCache<>(spec.pairCache(), score -> 16);
  }

  /** Loads the folder named by the spec; every failure names the file at fault. */
  public static LoadedModel load(ModelSpec spec) throws ModelLoadException {
    return ModelLoader.load(spec);
  }

  /** Each sequence's output row, in the sequences' order (see {@link BatchRunner#run}). */
  float[][] run(List<TokenSequence> sequences, Budget budget) {
    return runner.run(sequences, budget);
  }

  /** The sequences as one batch, as this model's forward passes get them. */
  PaddedBatch pad(List<TokenSequence> sequences) {
    return runner.pad(sequences);
  }

  /** Counts and logs an output that cannot be used, and returns the exception to throw. */
  InferenceException unusableOutput(String problem) {
    return stats.unusableOutput(problem);
  }

  /** Forward passes refused because the model was saturated (see {@link ModelBusyException}). */
  public long rejections() {
    return stats.rejections();
  }

  /** Forward passes running now. */
  public int inferencesRunning() {
    return runner.gate().running();
  }

  /** Forward passes waiting for a slot now. */
  public int inferencesQueued() {
    return runner.gate().queued();
  }

  InferenceGate gate() {
    return runner.gate();
  }

  /** Starts telling the observer about every forward pass. */
  public void addObserver(InferenceObserver observer) {
    stats.addObserver(observer);
  }

  public void removeObserver(InferenceObserver observer) {
    stats.removeObserver(observer);
  }

  /** Hex SHA-256 of the model file, read at load time: tells apart files of the same name. */
  public String modelFileSha256() {
    return modelFileSha256;
  }

  /** Forward passes that failed since loading. */
  public long failures() {
    return stats.failures();
  }

  /** Texts or pairs run through the model since loading, the load-time probe included. */
  public long itemsProcessed() {
    return stats.itemsProcessed();
  }

  /** Texts or pairs cut to the model's max length since loading. */
  public long truncatedItems() {
    return stats.truncatedItems();
  }

  /** Forward passes run since loading, the load-time probe included. */
  public long forwardPasses() {
    return stats.forwardPasses();
  }

  /** Query vectors by query text, prefix included: an embedder's, off for a cross-encoder. */
  public InferenceCache<Embedding> queryCache() {
    return queryCache;
  }

  /** Logits by (query, passage) as read: a cross-encoder's, off for an embedder. */
  public InferenceCache<Float> pairCache() {
    return pairCache;
  }

  public ModelSpec spec() {
    return spec;
  }

  public ModelTokenizer tokenizer() {
    return tokenizer;
  }

  public long loadMillis() {
    return loadMillis;
  }

  /** Width of the last output axis: the embedding dimension, or 1 for a single-logit scorer. */
  public int outputDimension() {
    return outputDimension;
  }

  @Override
  public void close() {
    runner.close();
    model.close();
    tokenizer.close();
  }
}
