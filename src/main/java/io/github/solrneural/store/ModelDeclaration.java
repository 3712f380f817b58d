package io.github.solrneural.store;

import io.github.solrneural.model.ModelEngine;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.model.Pooling;
import io.github.solrneural.remote.AuthHeader;
import io.github.solrneural.remote.RemoteModelSpec;
import io.github.solrneural.remote.SigV4Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;

/**
 * One model as declared in solrconfig.xml: in-process with a {@code path}, or remote with a {@code
 * url}. Local paths resolve against the Solr home.
 */
record ModelDeclaration(String name, Map<String, Object> settings) {
  static final String KIND = "kind";
  // In-process models
  static final String PATH = "path";
  static final String ENGINE = "engine";
  static final String MAX_LENGTH = "maxLength";
  static final String POOLING = "pooling";
  static final String NORMALIZE = "normalize";
  static final String BATCH_SIZE = "batchSize";
  static final String MAX_BATCH_TOKENS = "maxBatchTokens";
  static final String MAX_CONCURRENT = "maxConcurrentInferences";
  // Remote models
  static final String URL = "url";
  static final String DIMENSION = "dimension";
  static final String CONNECT_TIMEOUT = "connectTimeoutMillis";
  static final String TIMEOUT = "timeoutMillis";
  static final String RETRIES = "retries";
  static final String RETRY_BACKOFF = "retryBackoffMillis";
  static final String MAX_PAIRS_PER_CALL = "maxPairsPerCall";
  static final String MAX_INPUTS_PER_CALL = "maxInputsPerCall";
  static final String AUTH_HEADER = "authHeader";
  static final String AUTH_HEADER_ENV = "authHeaderEnv";
  static final String AUTH_HEADER_PROPERTY = "authHeaderProperty";
  static final String SIGV4_REGION = "sigv4Region";
  static final String SIGV4_SERVICE = "sigv4Service";
  static final String MAX_RESPONSE_BYTES = "maxResponseBytes";

  static final String MAX_QUEUED = "maxQueuedInferences";
  static final String MAX_QUEUE_WAIT = "maxQueueWaitMillis";

  static final String VARIANT = "variant";
  static final String INTRA_OP_THREADS = "intraOpThreads";
  static final String MAX_TOKENIZED_CHARS = "maxTokenizedChars";

  private static final Set<String> LOCAL =
      Set.of(PATH, ENGINE, KIND, MAX_LENGTH, POOLING, NORMALIZE, BATCH_SIZE, MAX_BATCH_TOKENS,
          MAX_CONCURRENT, MAX_QUEUED, MAX_QUEUE_WAIT, VARIANT, INTRA_OP_THREADS,
          MAX_TOKENIZED_CHARS);
  private static final Set<String> REMOTE =
      Set.of(
          URL, KIND, DIMENSION, CONNECT_TIMEOUT, TIMEOUT, RETRIES, RETRY_BACKOFF,
          MAX_PAIRS_PER_CALL, MAX_INPUTS_PER_CALL, AUTH_HEADER, AUTH_HEADER_ENV,
          AUTH_HEADER_PROPERTY, SIGV4_REGION, SIGV4_SERVICE, MAX_RESPONSE_BYTES);

  static ModelDeclaration parse(String name, NamedList<?> settings) {
    Map<String, Object> map = new LinkedHashMap<>(settings.asShallowMap());
    boolean local = map.containsKey(PATH);
    boolean remote = map.containsKey(URL);
    if (local == remote) {
      throw configError(
          name, "give either '" + PATH + "' (a model folder run in-process) or '" + URL
              + "' (a remote endpoint), " + (local ? "not both" : "none is given"));
    }
    Set<String> known = local ? LOCAL : REMOTE;
    for (String key : map.keySet()) {
      if (!known.contains(key)) {
        throw configError(
            name, "unknown setting '" + key + "' for " + (local ? "an in-process" : "a remote")
                + " model; known: " + new TreeSet<>(known));
      }
    }
    return new ModelDeclaration(name, map);
  }

  boolean isRemote() {
    return settings.containsKey(URL);
  }

  ModelSpec toSpec(Path solrHome) {
    try {
      Path folder = solrHome.resolve(required(PATH)).toAbsolutePath().normalize();
      ModelKind kind = ModelKind.parse(required(KIND));
      int maxConcurrent = integer(MAX_CONCURRENT, ModelSpec.defaultConcurrency());
      return new ModelSpec(
          folder,
          ModelEngine.parse(required(ENGINE)),
          kind,
          integer(MAX_LENGTH, ModelSpec.DEFAULT_MAX_LENGTH),
          Pooling.parse(string(POOLING, "mean")),
          Boolean.parseBoolean(string(NORMALIZE, kind == ModelKind.EMBEDDING ? "true" : "false")),
          integer(BATCH_SIZE, ModelSpec.DEFAULT_BATCH_SIZE),
          integer(MAX_BATCH_TOKENS, ModelSpec.DEFAULT_MAX_BATCH_TOKENS),
          maxConcurrent,
          integer(MAX_QUEUED, ModelSpec.defaultMaxQueued(maxConcurrent)),
          queueWaitMillis(),
          string(VARIANT, "").trim(),
          integer(INTRA_OP_THREADS, ModelSpec.AUTO_THREADS),
          integer(MAX_TOKENIZED_CHARS, ModelSpec.AUTO_TOKENIZED_CHARS));
    } catch (IllegalArgumentException e) {
      throw configError(name, e.getMessage());
    }
  }

  RemoteModelSpec toRemoteSpec() {
    try {
      ModelKind kind = ModelKind.parse(required(KIND));
      boolean embedding = kind == ModelKind.EMBEDDING;
      String perCall = embedding ? MAX_INPUTS_PER_CALL : MAX_PAIRS_PER_CALL;
      String otherPerCall = embedding ? MAX_PAIRS_PER_CALL : MAX_INPUTS_PER_CALL;
      if (settings.containsKey(otherPerCall)) {
        throw new IllegalArgumentException(
            "'" + otherPerCall + "' does not apply to a " + kind.label() + " model; use '"
                + perCall + "'");
      }
      if (embedding && !settings.containsKey(DIMENSION)) {
        throw new IllegalArgumentException(
            "'" + DIMENSION + "' is required for a remote embedding model: the length of its"
                + " vectors");
      }
      if (!embedding && settings.containsKey(DIMENSION)) {
        throw new IllegalArgumentException(
            "'" + DIMENSION + "' applies to embedding models only");
      }
      return new RemoteModelSpec(
          uri(required(URL)),
          kind,
          integer(CONNECT_TIMEOUT, RemoteModelSpec.DEFAULT_CONNECT_TIMEOUT_MILLIS),
          integer(TIMEOUT, RemoteModelSpec.DEFAULT_TIMEOUT_MILLIS),
          integer(RETRIES, RemoteModelSpec.DEFAULT_RETRIES),
          integer(RETRY_BACKOFF, RemoteModelSpec.DEFAULT_RETRY_BACKOFF_MILLIS),
          integer(perCall, RemoteModelSpec.DEFAULT_MAX_ITEMS_PER_CALL),
          embedding ? integer(DIMENSION, 0) : 1,
          authHeader(),
          sigV4(),
          integer(MAX_RESPONSE_BYTES, RemoteModelSpec.DEFAULT_MAX_RESPONSE_BYTES));
    } catch (IllegalArgumentException e) {
      throw configError(name, e.getMessage());
    }
  }

  private AuthHeader authHeader() {
    String env = string(AUTH_HEADER_ENV, null);
    String property = string(AUTH_HEADER_PROPERTY, null);
    if (env == null && property == null) {
      if (settings.containsKey(AUTH_HEADER)) {
        throw new IllegalArgumentException(
            "'" + AUTH_HEADER + "' needs '" + AUTH_HEADER_ENV + "' or '" + AUTH_HEADER_PROPERTY
                + "' to say where its value comes from");
      }
      return null;
    }
    if (env != null && property != null) {
      throw new IllegalArgumentException(
          "give one of '" + AUTH_HEADER_ENV + "' and '" + AUTH_HEADER_PROPERTY + "', not both");
    }
    return new AuthHeader(string(AUTH_HEADER, AuthHeader.DEFAULT_NAME), env, property);
  }

  private SigV4Settings sigV4() {
    String region = string(SIGV4_REGION, null);
    if (region == null) {
      if (settings.containsKey(SIGV4_SERVICE)) {
        throw new IllegalArgumentException(
            "'" + SIGV4_SERVICE + "' needs '" + SIGV4_REGION + "' to enable SigV4 signing");
      }
      return null;
    }
    return new SigV4Settings(region, string(SIGV4_SERVICE, SigV4Settings.DEFAULT_SERVICE));
  }

  private static URI uri(String value) {
    try {
      return new URI(value.trim());
    } catch (URISyntaxException e) {
      // The reason and position only: the input may hold a password.
      throw new IllegalArgumentException(
          "'" + URL + "' is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
    }
  }

  /** Absent means no limit; a declared limit must be at least 1 ms. */
  private long queueWaitMillis() {
    String value = string(MAX_QUEUE_WAIT, null);
    if (value == null) {
      return ModelSpec.NO_WAIT_LIMIT;
    }
    long millis;
    try {
      millis = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + MAX_QUEUE_WAIT + "' must be an integer, got '" + value + "'");
    }
    if (millis < 1) {
      throw new IllegalArgumentException(
          "'" + MAX_QUEUE_WAIT + "' must be at least 1 (leave it out for no limit), got " + millis);
    }
    return millis;
  }

  private String required(String key) {
    String value = string(key, null);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + key + "' is required");
    }
    return value;
  }

  private String string(String key, String defaultValue) {
    Object value = settings.get(key);
    return value == null ? defaultValue : value.toString();
  }

  private int integer(String key, int defaultValue) {
    String value = string(key, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + key + "' must be an integer, got '" + value + "'");
    }
  }

  static SolrException configError(String modelName, String message) {
    return new SolrException(
        SolrException.ErrorCode.SERVER_ERROR,
        String.format(Locale.ROOT, "model '%s' in solrconfig.xml: %s", modelName, message));
  }
}
