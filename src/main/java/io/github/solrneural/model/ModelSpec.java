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
 * @param batchSize texts (or pairs) per forward pass, at most
 * @param maxBatchTokens tokens per forward pass once padded, at most (a longer text still runs,
 *     alone)
 * @param maxConcurrentInferences forward passes of this model allowed at once in the JVM
 * @param maxQueuedInferences forward passes that may wait for a turn; more are refused at once
 * @param maxQueueWaitMillis how long a waiting forward pass may wait before it is refused, or
 *     {@link #NO_WAIT_LIMIT}
 * @param variant which model file of the folder to load: empty for the engine's default file
 *     ({@code model.onnx}, {@code model.pt}), or a name such as {@code int8} for {@code
 *     model-int8.onnx}; reduced-precision exports sit beside the float32 one this way
 * @param intraOpThreads ONNX Runtime only: threads one forward pass may use, or {@link
 *     #AUTO_THREADS} for the CPU count divided by {@code maxConcurrentInferences} (PyTorch's
 *     threads are per JVM: {@code -Dai.djl.pytorch.num_threads})
 * @param maxTokenizedChars characters of one text (a query, a passage) tokenised at most, or
 *     {@link #AUTO_TOKENIZED_CHARS} for {@code maxLength} times {@value
 *     TextCut#DEFAULT_CHARS_PER_TOKEN}: a longer text is cut before it is tokenised, at the first
 *     prefix that has more tokens than the model reads (see {@link TextCut})
 * @param queryCache embedders only: bounds of the cache of query vectors ({@link
 *     CachedQueryEmbedder})
 * @param pairCache cross-encoders only: bounds of the cache of pair scores ({@link CrossEncoder})
 */
public record ModelSpec(
    Path folder,
    ModelEngine engine,
    ModelKind kind,
    int maxLength,
    Pooling pooling,
    boolean normalize,
    int batchSize,
    int maxBatchTokens,
    int maxConcurrentInferences,
    int maxQueuedInferences,
    long maxQueueWaitMillis,
    String variant,
    int intraOpThreads,
    int maxTokenizedChars,
    CacheLimits queryCache,
    CacheLimits pairCache) {

  public static final int DEFAULT_MAX_LENGTH = 256;
  public static final int DEFAULT_BATCH_SIZE = 16;
  public static final int DEFAULT_MAX_BATCH_TOKENS = 1024;
  /** Default queue length, per concurrent inference: waiting stays within a few passes' time. */
  public static final int DEFAULT_QUEUED_PER_CONCURRENT = 8;
  /** A waiting forward pass waits until a slot frees up (the queue bound still applies). */
  public static final long NO_WAIT_LIMIT = 0;
  /** Let the plugin choose the threads per forward pass. */
  public static final int AUTO_THREADS = 0;
  /** Let the plugin bound the characters tokenised per text, from {@code maxLength}. */
  public static final int AUTO_TOKENIZED_CHARS = 0;

  public ModelSpec {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(pooling, "pooling");
    Objects.requireNonNull(queryCache, "queryCache");
    Objects.requireNonNull(pairCache, "pairCache");
    if (maxLength < 2) {
      throw new IllegalArgumentException("maxLength must be at least 2, got " + maxLength);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    if (maxBatchTokens < 1) {
      throw new IllegalArgumentException("maxBatchTokens must be at least 1, got " + maxBatchTokens);
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
    Objects.requireNonNull(variant, "variant");
    if (!variant.isEmpty() && !variant.matches("[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException(
          "variant must be letters, digits or '_' (it names model-<variant>.<ext> in the"
              + " model folder), got '" + variant + "'");
    }
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException(
          "intraOpThreads must be at least 1 (or absent for the default), got " + intraOpThreads);
    }
    if (intraOpThreads != AUTO_THREADS && engine == ModelEngine.PYTORCH) {
      throw new IllegalArgumentException(
          "intraOpThreads applies to OnnxRuntime models only; PyTorch threads are set per JVM with"
              + " -Dai.djl.pytorch.num_threads");
    }
    if (maxTokenizedChars < 0) {
      throw new IllegalArgumentException(
          "maxTokenizedChars must be at least 1 (or absent for the default), got "
              + maxTokenizedChars);
    }
  }

  /**
   * A spec of the model in {@code folder} with every other setting at its default: the float32
   * file, {@link #defaultConcurrency()} forward passes at once, {@link #defaultMaxQueued} of them
   * waiting without a time limit, and embedders L2-normalised.
   */
  public static ModelSpecBuilder builder(Path folder, ModelEngine engine, ModelKind kind) {
    return new ModelSpecBuilder(folder, engine, kind);
  }

  /** The same model, to change some settings of; a default queue bound follows the concurrency. */
  public ModelSpecBuilder toBuilder() {
    ModelSpecBuilder builder = new ModelSpecBuilder(folder, engine, kind);
    if (maxQueuedInferences != defaultMaxQueued(maxConcurrentInferences)) {
      builder.maxQueuedInferences(maxQueuedInferences);
    }
    return builder
        .maxLength(maxLength)
        .pooling(pooling)
        .normalize(normalize)
        .batchSize(batchSize)
        .maxBatchTokens(maxBatchTokens)
        .maxConcurrentInferences(maxConcurrentInferences)
        .maxQueueWaitMillis(maxQueueWaitMillis)
        .variant(variant)
        .intraOpThreads(intraOpThreads)
        .maxTokenizedChars(maxTokenizedChars)
        .queryCache(queryCache)
        .pairCache(pairCache);
  }


  /** Characters of one text tokenised at most: as configured, or from {@code maxLength}. */
  public int effectiveMaxTokenizedChars() {
    return maxTokenizedChars == AUTO_TOKENIZED_CHARS
        ? TextCut.defaultMaxChars(maxLength)
        : maxTokenizedChars;
  }

  public Path modelFile() {
    return folder.resolve(modelFileName());
  }

  /** model.onnx or model.pt, or model-&lt;variant&gt;.onnx / .pt. */
  public String modelFileName() {
    String name = engine.modelFileName();
    if (variant.isEmpty()) {
      return name;
    }
    int dot = name.lastIndexOf('.');
    return name.substring(0, dot) + "-" + variant + name.substring(dot);
  }

  /**
   * Threads one forward pass of an ONNX Runtime model uses: as configured, or the CPU count shared
   * among the forward passes allowed at once, so a busy server runs about one thread per core
   * instead of oversubscribing them.
   */
  public int effectiveIntraOpThreads() {
    if (intraOpThreads != AUTO_THREADS) {
      return intraOpThreads;
    }
    return Math.max(1, cores() / maxConcurrentInferences);
  }

  /**
   * Threads per forward pass by default: a quarter of the CPUs, at least one. A server runs many
   * requests at once, so the cores go to several passes side by side rather than all to one, yet a
   * lone request on a large machine still gets a few threads.
   */
  public static int defaultThreadsPerInference() {
    return Math.max(1, cores() / 4);
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

  /** Forward passes of one model at once by default: as many as fill the CPUs at the default threads. */
  public static int defaultConcurrency() {
    return Math.max(1, cores() / defaultThreadsPerInference());
  }

  private static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }
}
