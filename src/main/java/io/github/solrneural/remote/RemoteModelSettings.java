package io.github.solrneural.remote;

import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.ModelSettings;
import io.github.solrneural.settings.SettingsReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/** The settings of a remote model, as solrconfig.xml's model declarations name them. */
public final class RemoteModelSettings {
  public static final String URL = "url";
  public static final String DIMENSION = "dimension";
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

  /** The prefixes are read by {@link ModelSettings#prefixes}: the plugin puts them before sending. */
  public static final Set<String> NAMES =
      Set.of(URL, ModelSettings.KIND, DIMENSION, CONNECT_TIMEOUT, TIMEOUT, RETRIES, RETRY_BACKOFF,
          MAX_PAIRS_PER_CALL, MAX_INPUTS_PER_CALL, AUTH_HEADER, AUTH_HEADER_ENV,
          AUTH_HEADER_PROPERTY, SIGV4_REGION, SIGV4_SERVICE, MAX_RESPONSE_BYTES,
          ModelSettings.QUERY_PREFIX, ModelSettings.DOCUMENT_PREFIX);

  private static final int MAX = Integer.MAX_VALUE;

  private RemoteModelSettings() {}

  /** @throws IllegalArgumentException naming the setting at fault */
  public static RemoteModelSpec read(SettingsReader settings) {
    ModelKind kind = settings.choice(ModelSettings.KIND, null, ModelSettings.kinds());
    if (kind == null) {
      settings.required(ModelSettings.KIND);
    }
    boolean embedding = kind == ModelKind.EMBEDDING;
    String perCall = embedding ? MAX_INPUTS_PER_CALL : MAX_PAIRS_PER_CALL;
    String otherPerCall = embedding ? MAX_PAIRS_PER_CALL : MAX_INPUTS_PER_CALL;
    if (settings.has(otherPerCall)) {
      throw settings.problem(otherPerCall,
          "does not apply to a " + kind.label() + " model; use '" + perCall + "'");
    }
    if (embedding && !settings.has(DIMENSION)) {
      throw settings.problem(DIMENSION,
          "is required for a remote embedding model: the length of its vectors");
    }
    if (!embedding && settings.has(DIMENSION)) {
      throw settings.problem(DIMENSION, "applies to embedding models only");
    }
    return new RemoteModelSpec(
        uri(settings),
        kind,
        settings.integer(CONNECT_TIMEOUT, RemoteModelSpec.DEFAULT_CONNECT_TIMEOUT_MILLIS, 1, MAX),
        settings.integer(TIMEOUT, RemoteModelSpec.DEFAULT_TIMEOUT_MILLIS, 1, MAX),
        settings.integer(RETRIES, RemoteModelSpec.DEFAULT_RETRIES, 0, MAX),
        settings.integer(RETRY_BACKOFF, RemoteModelSpec.DEFAULT_RETRY_BACKOFF_MILLIS, 0, MAX),
        settings.integer(perCall, RemoteModelSpec.DEFAULT_MAX_ITEMS_PER_CALL, 1, MAX),
        embedding ? settings.integer(DIMENSION, 0, 1, MAX) : 1,
        authHeader(settings),
        sigV4(settings),
        settings.integer(MAX_RESPONSE_BYTES, RemoteModelSpec.DEFAULT_MAX_RESPONSE_BYTES, 1, MAX));
  }

  private static AuthHeader authHeader(SettingsReader settings) {
    String env = settings.string(AUTH_HEADER_ENV, null);
    String property = settings.string(AUTH_HEADER_PROPERTY, null);
    if (env == null && property == null) {
      if (settings.has(AUTH_HEADER)) {
        throw settings.problem(AUTH_HEADER,
            "needs '" + AUTH_HEADER_ENV + "' or '" + AUTH_HEADER_PROPERTY
                + "' to say where its value comes from");
      }
      return null;
    }
    if (env != null && property != null) {
      throw settings.problem(AUTH_HEADER_ENV,
          "and '" + AUTH_HEADER_PROPERTY + "' are both given; give one, not both");
    }
    return new AuthHeader(settings.string(AUTH_HEADER, AuthHeader.DEFAULT_NAME), env, property);
  }

  private static SigV4Settings sigV4(SettingsReader settings) {
    String region = settings.string(SIGV4_REGION, null);
    if (region == null) {
      if (settings.has(SIGV4_SERVICE)) {
        throw settings.problem(SIGV4_SERVICE,
            "needs '" + SIGV4_REGION + "' to enable SigV4 signing");
      }
      return null;
    }
    return new SigV4Settings(
        region, settings.string(SIGV4_SERVICE, SigV4Settings.DEFAULT_SERVICE));
  }

  private static URI uri(SettingsReader settings) {
    try {
      return new URI(settings.required(URL).trim());
    } catch (URISyntaxException e) {
      // The reason and position only: the value may hold a password.
      throw settings.problem(URL,
          "is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
    }
  }
}
