package io.github.solrneural.remote;

import io.github.solrneural.model.ModelKind;
import java.net.URI;
import java.util.Objects;

/**
 * Everything that determines a client of a remote scoring or embedding endpoint.
 *
 * @param url the endpoint, for example {@code http://gpu-host:8080/invocations}
 * @param kind cross-encoder ({@code {"pairs"}} to {@code {"scores"}}) or embedding ({@code
 *     {"inputs"}} to {@code {"embeddings"}})
 * @param connectTimeoutMillis time allowed to open a connection
 * @param timeoutMillis time allowed for one call, from sending to the whole answer
 * @param retries further attempts after a call fails for a transient reason (no connection, no
 *     answer in time, HTTP 429 or 5xx)
 * @param retryBackoffMillis wait before the first retry, doubled before each next one
 * @param maxItemsPerCall pairs (or texts) sent in one call; longer lists take several calls
 * @param dimension embedders: the length of each vector (checked on every answer); 1 for scorers
 * @param authHeader a header whose value comes from the JVM's environment, or null
 * @param sigV4 AWS Signature V4 signing, or null
 * @param maxResponseBytes the largest answer read; a larger one is a failed call
 */
public record RemoteModelSpec(
    URI url,
    ModelKind kind,
    int connectTimeoutMillis,
    int timeoutMillis,
    int retries,
    int retryBackoffMillis,
    int maxItemsPerCall,
    int dimension,
    AuthHeader authHeader,
    SigV4Settings sigV4,
    int maxResponseBytes) {

  public static final int DEFAULT_CONNECT_TIMEOUT_MILLIS = 2_000;
  public static final int DEFAULT_TIMEOUT_MILLIS = 10_000;
  public static final int DEFAULT_RETRIES = 1;
  public static final int DEFAULT_RETRY_BACKOFF_MILLIS = 100;
  public static final int DEFAULT_MAX_ITEMS_PER_CALL = 64;
  /** 16 MiB: 64 vectors of 4096 dimensions take about 4 MiB. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 16 << 20;

  public RemoteModelSpec {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(kind, "kind");
    String scheme = url.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || url.getHost() == null) {
      throw new IllegalArgumentException(
          "url must be an http or https URL, got '" + withoutCredentials(url.toString()) + "'");
    }
    if (url.getUserInfo() != null) {
      throw new IllegalArgumentException(
          "url must not carry credentials; use authHeaderEnv or authHeaderProperty");
    }
    atLeast("connectTimeoutMillis", connectTimeoutMillis, 1);
    atLeast("timeoutMillis", timeoutMillis, 1);
    atLeast("retries", retries, 0);
    atLeast("retryBackoffMillis", retryBackoffMillis, 0);
    atLeast("maxItemsPerCall", maxItemsPerCall, 1);
    atLeast("maxResponseBytes", maxResponseBytes, 1);
    if (kind == ModelKind.EMBEDDING) {
      atLeast("dimension", dimension, 1);
    } else if (dimension != 1) {
      throw new IllegalArgumentException("a cross-encoder gives one score per pair: dimension 1");
    }
  }

  /**
   * A URL as written, safe to print: whatever stands between "//" and an "@" in its authority
   * (user and password) is replaced by "***".
   */
  public static String withoutCredentials(String url) {
    int authority = url.indexOf("//");
    int from = authority < 0 ? 0 : authority + 2;
    int end = from;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    int at = url.lastIndexOf('@', end - 1);
    return at < from ? url : url.substring(0, from) + "***" + url.substring(at);
  }

  private static void atLeast(String name, int value, int minimum) {
    if (value < minimum) {
      throw new IllegalArgumentException(name + " must be at least " + minimum + ", got " + value);
    }
  }

  /** The URL without query string or fragment, safe to print. */
  public String printableUrl() {
    return url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath());
  }
}
