package io.github.solrneural.model;

import io.github.solrneural.settings.SettingsReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings of an in-process model, by the names solrconfig.xml's model declarations and the
 * scoring server's command line share, read into a {@link ModelSpec}.
 */
public final class ModelSettings {
  public static final String ENGINE = "engine";
  public static final String KIND = "kind";
  public static final String MAX_LENGTH = "maxLength";
  public static final String POOLING = "pooling";
  public static final String NORMALIZE = "normalize";
  public static final String BATCH_SIZE = "batchSize";
  public static final String MAX_BATCH_TOKENS = "maxBatchTokens";
  public static final String MAX_CONCURRENT = "maxConcurrentInferences";
  public static final String MAX_QUEUED = "maxQueuedInferences";
  public static final String MAX_QUEUE_WAIT = "maxQueueWaitMillis";
  public static final String VARIANT = "variant";
  public static final String INTRA_OP_THREADS = "intraOpThreads";
  public static final String MAX_TOKENIZED_CHARS = "maxTokenizedChars";
  public static final String QUERY_PREFIX = "queryPrefix";
  public static final String DOCUMENT_PREFIX = "documentPrefix";
  public static final String QUERY_CACHE_ENTRIES = "queryCacheEntries";
  public static final String QUERY_CACHE_BYTES = "queryCacheBytes";
  public static final String PAIR_CACHE_ENTRIES = "pairCacheEntries";
  public static final String PAIR_CACHE_BYTES = "pairCacheBytes";

  /** Every setting read here; the model folder's own name differs between the two sources. */
  public static final Set<String> NAMES =
      Set.of(ENGINE, KIND, MAX_LENGTH, POOLING, NORMALIZE, BATCH_SIZE, MAX_BATCH_TOKENS,
          MAX_CONCURRENT, MAX_QUEUED, MAX_QUEUE_WAIT, VARIANT, INTRA_OP_THREADS,
          MAX_TOKENIZED_CHARS, QUERY_CACHE_ENTRIES, QUERY_CACHE_BYTES, PAIR_CACHE_ENTRIES,
          PAIR_CACHE_BYTES);

  /** The embedders' text prefixes, read by {@link #prefixes}: a declaration's, not a spec's. */
  public static final Set<String> PREFIX_NAMES = Set.of(QUERY_PREFIX, DOCUMENT_PREFIX);

  private static final int MAX = Integer.MAX_VALUE;

  private ModelSettings() {}

  /**
   * The spec of the model in {@code folder}.
   *
   * @throws IllegalArgumentException a {@link io.github.solrneural.settings.SettingException}
   *     naming the setting at fault, or the spec's own check of settings together
   */
  public static ModelSpec read(SettingsReader settings, Path folder) {
    ModelKind kind = settings.choice(KIND, null, kinds());
    if (kind == null) {
      settings.required(KIND);
    }
    ModelEngine engine = settings.choice(ENGINE, null, engines());
    if (engine == null) {
      settings.required(ENGINE);
    }
    ModelSpecBuilder builder =
        ModelSpec.builder(folder, engine, kind)
            .maxLength(settings.integer(MAX_LENGTH, ModelSpec.DEFAULT_MAX_LENGTH, 2, MAX))
            .pooling(
                settings.choice(POOLING, Pooling.MEAN, SettingsReader.byLowerCaseName(Pooling.class)))
            .normalize(settings.bool(NORMALIZE, kind == ModelKind.EMBEDDING))
            .batchSize(settings.integer(BATCH_SIZE, ModelSpec.DEFAULT_BATCH_SIZE, 1, MAX))
            .maxBatchTokens(
                settings.integer(MAX_BATCH_TOKENS, ModelSpec.DEFAULT_MAX_BATCH_TOKENS, 1, MAX))
            .maxQueueWaitMillis(
                settings.longValue(MAX_QUEUE_WAIT, ModelSpec.NO_WAIT_LIMIT, 1, Long.MAX_VALUE))
            .variant(settings.string(VARIANT, "").trim())
            .intraOpThreads(settings.integer(INTRA_OP_THREADS, ModelSpec.AUTO_THREADS, 1, MAX))
            .maxTokenizedChars(
                settings.integer(MAX_TOKENIZED_CHARS, ModelSpec.AUTO_TOKENIZED_CHARS, 1, MAX));
    builder.queryCache(cacheLimits(settings, kind, ModelKind.EMBEDDING, QUERY_CACHE_ENTRIES,
        QUERY_CACHE_BYTES, CacheLimits.DEFAULT_QUERIES));
    builder.pairCache(cacheLimits(settings, kind, ModelKind.CROSS_ENCODER, PAIR_CACHE_ENTRIES,
        PAIR_CACHE_BYTES, CacheLimits.DEFAULT_PAIRS));
    int concurrent = settings.integer(MAX_CONCURRENT, ModelSpec.defaultConcurrency(), 1, MAX);
    builder.maxConcurrentInferences(concurrent);
    if (settings.has(MAX_QUEUED)) {
      builder.maxQueuedInferences(settings.integer(MAX_QUEUED, 0, 0, MAX));
    }
    return builder.build();
  }

  /** A cache's bounds, off for the other kind of model, whose settings name the kind they need. */
  private static CacheLimits cacheLimits(SettingsReader settings, ModelKind kind, ModelKind owner,
      String entries, String bytes, CacheLimits defaults) {
    if (kind != owner) {
      for (String name : List.of(entries, bytes)) {
        if (settings.has(name)) {
          throw settings.problem(name, "applies to " + owner.label() + " models only, not to a "
              + kind.label() + " model");
        }
      }
      return CacheLimits.OFF;
    }
    return new CacheLimits(settings.integer(entries, defaults.entries(), 0, MAX),
        settings.longValue(bytes, defaults.bytes(), 0, Long.MAX_VALUE));
  }

  /**
   * The texts an embedder's model expects before queries and documents, exactly as given (no
   * trimming: e5's {@code "query: "} ends with a space); none by default.
   *
   * @throws io.github.solrneural.settings.SettingException naming a prefix given to a
   *     cross-encoder, which reads query and passage as a pair
   */
  public static TextPrefixes prefixes(SettingsReader settings) {
    ModelKind kind = settings.choice(KIND, null, kinds());
    if (kind != ModelKind.EMBEDDING) {
      for (String name : List.of(QUERY_PREFIX, DOCUMENT_PREFIX)) {
        if (settings.has(name)) {
          throw settings.problem(name, "applies to embedding models only, not to "
              + (kind == null ? "a model without a kind" : "a " + kind.label() + " model"));
        }
      }
      return TextPrefixes.NONE;
    }
    return new TextPrefixes(
        settings.string(QUERY_PREFIX, ""), settings.string(DOCUMENT_PREFIX, ""));
  }

  /** The kinds by the names a setting may give, aliases included. */
  public static Map<String, ModelKind> kinds() {
    Map<String, ModelKind> kinds = new LinkedHashMap<>();
    kinds.put("embedding", ModelKind.EMBEDDING);
    kinds.put("cross-encoder", ModelKind.CROSS_ENCODER);
    kinds.put("embedder", ModelKind.EMBEDDING);
    kinds.put("cross_encoder", ModelKind.CROSS_ENCODER);
    kinds.put("crossencoder", ModelKind.CROSS_ENCODER);
    kinds.put("reranker", ModelKind.CROSS_ENCODER);
    return kinds;
  }

  private static Map<String, ModelEngine> engines() {
    Map<String, ModelEngine> engines = new LinkedHashMap<>();
    for (ModelEngine engine : ModelEngine.values()) {
      engines.put(engine.djlName(), engine);
    }
    return engines;
  }
}
