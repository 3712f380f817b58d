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
  static final String MAX_BATCH_TOKENS = "maxBatchTokens";
  static final String MAX_CONCURRENT = "maxConcurrentInferences";
  static final String VARIANT = "variant";
  static final String INTRA_OP_THREADS = "intraOpThreads";
  private static final Set<String> KNOWN =
      Set.of(PATH, ENGINE, KIND, MAX_LENGTH, POOLING, NORMALIZE, BATCH_SIZE, MAX_BATCH_TOKENS,
          MAX_CONCURRENT, VARIANT, INTRA_OP_THREADS);

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
      return new ModelSpec(
          folder,
          ModelEngine.parse(required(ENGINE)),
          kind,
          integer(MAX_LENGTH, ModelSpec.DEFAULT_MAX_LENGTH),
          Pooling.parse(string(POOLING, "mean")),
          Boolean.parseBoolean(string(NORMALIZE, kind == ModelKind.EMBEDDING ? "true" : "false")),
          integer(BATCH_SIZE, ModelSpec.DEFAULT_BATCH_SIZE),
          integer(MAX_BATCH_TOKENS, ModelSpec.DEFAULT_MAX_BATCH_TOKENS),
          integer(MAX_CONCURRENT, ModelSpec.defaultConcurrency()),
          string(VARIANT, "").trim(),
          integer(INTRA_OP_THREADS, ModelSpec.AUTO_THREADS));
    } catch (IllegalArgumentException e) {
      throw configError(name, e.getMessage());
    }
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
