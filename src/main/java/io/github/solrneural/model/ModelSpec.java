package io.github.solrneural.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything that determines a loaded model. Two cores that declare equal specs share one loaded
 * model; any difference (folder, engine, length, pooling...) loads a separate one.
 *
 * @param folder canonical path of the model folder
 * @param engine the DJL engine, which also picks the model file
 * @param kind embedding or cross-encoder
 * @param maxLength tokens per sequence (or pair) after truncation
 * @param pooling embedders only: how token states become one vector
 * @param normalize embedders only: L2-normalise the pooled vector
 * @param batchSize texts (or pairs) per forward pass
 * @param maxConcurrentInferences forward passes of this model allowed at once in the JVM
 * @param maxQueuedInferences forward passes that may wait for a turn; more are refused at once
 * @param maxQueueWaitMillis how long a waiting forward pass may wait before it is refused, or
 *     {@link #NO_WAIT_LIMIT}
 */
public record ModelSpec(
    Path folder,
    ModelEngine engine,
    ModelKind kind,
    int maxLength,
    Pooling pooling,
    boolean normalize,
    int batchSize,
    int maxConcurrentInferences,
    int maxQueuedInferences,
    long maxQueueWaitMillis) {

  public static final int DEFAULT_MAX_LENGTH = 256;
  public static final int DEFAULT_BATCH_SIZE = 16;
  /** Default queue length, per concurrent inference: waiting stays within a few passes' time. */
  public static final int DEFAULT_QUEUED_PER_CONCURRENT = 8;
  /** A waiting forward pass waits until a slot frees up (the queue bound still applies). */
  public static final long NO_WAIT_LIMIT = 0;

  public ModelSpec {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(pooling, "pooling");
    if (maxLength < 2) {
      throw new IllegalArgumentException("maxLength must be at least 2, got " + maxLength);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    if (maxConcurrentInferences < 1) {
      throw new IllegalArgumentException(
          "maxConcurrentInferences must be at least 1, got " + maxConcurrentInferences);
    }
    if (maxQueuedInferences < 0) {
      throw new IllegalArgumentException(
          "maxQueuedInferences must be at least 0, got " + maxQueuedInferences);
    }
    if (maxQueueWaitMillis < 0) {
      throw new IllegalArgumentException(
          "maxQueueWaitMillis must be at least 0 (0: no limit), got " + maxQueueWaitMillis);
    }
  }

  /** A spec with the default queue: {@link #defaultMaxQueued} and no wait limit. */
  public ModelSpec(
      Path folder,
      ModelEngine engine,
      ModelKind kind,
      int maxLength,
      Pooling pooling,
      boolean normalize,
      int batchSize,
      int maxConcurrentInferences) {
    this(folder, engine, kind, maxLength, pooling, normalize, batchSize, maxConcurrentInferences,
        defaultMaxQueued(maxConcurrentInferences), NO_WAIT_LIMIT);
  }

  public Path modelFile() {
    return folder.resolve(engine.modelFileName());
  }

  public Path tokenizerFile() {
    return folder.resolve("tokenizer.json");
  }

  public Path configFile() {
    return folder.resolve("config.json");
  }

  /** The default queue bound for a concurrency. */
  public static int defaultMaxQueued(int maxConcurrentInferences) {
    return DEFAULT_QUEUED_PER_CONCURRENT * maxConcurrentInferences;
  }

  /** A sensible default for the number of concurrent forward passes on this machine. */
  public static int defaultConcurrency() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }
}
