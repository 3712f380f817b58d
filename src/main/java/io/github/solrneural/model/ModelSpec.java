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
 */
public record ModelSpec(
    Path folder,
    ModelEngine engine,
    ModelKind kind,
    int maxLength,
    Pooling pooling,
    boolean normalize,
    int batchSize,
    int maxConcurrentInferences) {

  public static final int DEFAULT_MAX_LENGTH = 256;
  public static final int DEFAULT_BATCH_SIZE = 16;

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

  /** A sensible default for the number of concurrent forward passes on this machine. */
  public static int defaultConcurrency() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }
}
