package io.github.solrneural.store;

import io.github.solrneural.model.ModelEngine;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.model.Pooling;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;

/** One model as declared in solrconfig.xml, before its path is resolved against the Solr home. */
record ModelDeclaration(String name, Map<String, Object> settings) {
  static final String PATH = "path";
  static final String ENGINE = "engine";
  static final String KIND = "kind";
  static final String MAX_LENGTH = "maxLength";
  static final String POOLING = "pooling";
  static final String NORMALIZE = "normalize";
  static final String BATCH_SIZE = "batchSize";
  static final String MAX_CONCURRENT = "maxConcurrentInferences";
  static final String MAX_QUEUED = "maxQueuedInferences";
  static final String MAX_QUEUE_WAIT = "maxQueueWaitMillis";
  private static final Set<String> KNOWN =
      Set.of(PATH, ENGINE, KIND, MAX_LENGTH, POOLING, NORMALIZE, BATCH_SIZE, MAX_CONCURRENT,
          MAX_QUEUED, MAX_QUEUE_WAIT);

  static ModelDeclaration parse(String name, NamedList<?> settings) {
    Map<String, Object> map = new java.util.LinkedHashMap<>(settings.asShallowMap());
    for (String key : map.keySet()) {
      if (!KNOWN.contains(key)) {
        throw configError(name, "unknown setting '" + key + "'; known: " + KNOWN);
      }
    }
    return new ModelDeclaration(name, map);
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
          maxConcurrent,
          integer(MAX_QUEUED, ModelSpec.defaultMaxQueued(maxConcurrent)),
          queueWaitMillis());
    } catch (IllegalArgumentException e) {
      throw configError(name, e.getMessage());
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
