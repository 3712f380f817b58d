package io.github.solrneural.model;

import static io.github.solrneural.model.ModelSpec.AUTO_THREADS;
import static io.github.solrneural.model.ModelSpec.AUTO_TOKENIZED_CHARS;
import static io.github.solrneural.model.ModelSpec.DEFAULT_BATCH_SIZE;
import static io.github.solrneural.model.ModelSpec.DEFAULT_MAX_BATCH_TOKENS;
import static io.github.solrneural.model.ModelSpec.DEFAULT_MAX_LENGTH;
import static io.github.solrneural.model.ModelSpec.NO_WAIT_LIMIT;
import static io.github.solrneural.model.ModelSpec.defaultConcurrency;
import static io.github.solrneural.model.ModelSpec.defaultMaxQueued;

import java.nio.file.Path;

/** Settings of a {@link ModelSpec}; {@link #build()} checks them. */
public final class ModelSpecBuilder {
  private final Path folder;
  private final ModelEngine engine;
  private final ModelKind kind;
  private int maxLength = DEFAULT_MAX_LENGTH;
  private Pooling pooling = Pooling.MEAN;
  private boolean normalize;
  private int batchSize = DEFAULT_BATCH_SIZE;
  private int maxBatchTokens = DEFAULT_MAX_BATCH_TOKENS;
  private int maxConcurrentInferences = defaultConcurrency();
  /** Null: the default for the concurrency, whatever it ends up being. */
  private Integer maxQueuedInferences;
  private long maxQueueWaitMillis = NO_WAIT_LIMIT;
  private String variant = "";
  private int intraOpThreads = AUTO_THREADS;
  private int maxTokenizedChars = AUTO_TOKENIZED_CHARS;
  private CacheLimits queryCache;
  private CacheLimits pairCache;

  ModelSpecBuilder(Path folder, ModelEngine engine, ModelKind kind) {
    this.folder = folder;
    this.engine = engine;
    this.kind = kind;
    this.normalize = kind == ModelKind.EMBEDDING;
    this.queryCache = kind == ModelKind.EMBEDDING ? CacheLimits.DEFAULT_QUERIES : CacheLimits.OFF;
    this.pairCache =
        kind == ModelKind.CROSS_ENCODER ? CacheLimits.DEFAULT_PAIRS : CacheLimits.OFF;
  }

  public ModelSpecBuilder maxLength(int value) {
    maxLength = value;
    return this;
  }

  public ModelSpecBuilder pooling(Pooling value) {
    pooling = value;
    return this;
  }

  public ModelSpecBuilder normalize(boolean value) {
    normalize = value;
    return this;
  }

  public ModelSpecBuilder batchSize(int value) {
    batchSize = value;
    return this;
  }

  public ModelSpecBuilder maxBatchTokens(int value) {
    maxBatchTokens = value;
    return this;
  }

  public ModelSpecBuilder maxConcurrentInferences(int value) {
    maxConcurrentInferences = value;
    return this;
  }

  public ModelSpecBuilder maxQueuedInferences(int value) {
    maxQueuedInferences = value;
    return this;
  }

  public ModelSpecBuilder maxQueueWaitMillis(long value) {
    maxQueueWaitMillis = value;
    return this;
  }

  public ModelSpecBuilder variant(String value) {
    variant = value;
    return this;
  }

  public ModelSpecBuilder intraOpThreads(int value) {
    intraOpThreads = value;
    return this;
  }

  public ModelSpecBuilder maxTokenizedChars(int value) {
    maxTokenizedChars = value;
    return this;
  }

  public ModelSpecBuilder queryCache(CacheLimits value) {
    queryCache = value;
    return this;
  }

  public ModelSpecBuilder pairCache(CacheLimits value) {
    pairCache = value;
    return this;
  }

  /** @throws IllegalArgumentException naming the setting out of range */
  public ModelSpec build() {
    return new ModelSpec(folder, engine, kind, maxLength, pooling, normalize, batchSize,
        maxBatchTokens, maxConcurrentInferences,
        maxQueuedInferences == null
            ? defaultMaxQueued(maxConcurrentInferences)
            : maxQueuedInferences,
        maxQueueWaitMillis, variant, intraOpThreads, maxTokenizedChars, queryCache, pairCache);
  }
}
