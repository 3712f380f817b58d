package io.github.solrneural.remote;

import java.net.http.HttpRequest;
import java.util.Objects;

/**
 * An HTTP header sent with every call to an endpoint, whose value comes from an environment
 * variable or a system property of the Solr JVM: never from a request, never from solrconfig.xml,
 * and never printed.
 *
 * @param name the header, such as {@code Authorization} or {@code X-Api-Key}
 * @param environmentVariable the variable holding the whole value (such as "Bearer ..."), or null
 * @param systemProperty the system property holding it, or null
 */
public record AuthHeader(String name, String environmentVariable, String systemProperty) {
  public static final String DEFAULT_NAME = "Authorization";

  public AuthHeader {
    Objects.requireNonNull(name, "name");
    if ((environmentVariable == null) == (systemProperty == null)) {
      throw new IllegalArgumentException(
          "an auth header takes its value from exactly one of an environment variable or a system"
              + " property");
    }
  }

  /** Where the value comes from, for messages and listings. */
  public String source() {
    return environmentVariable != null
        ? "environment variable " + environmentVariable
        : "system property " + systemProperty;
  }

  /** The current value, or null when the variable or property is not set. */
  String value() {
    String value =
        environmentVariable != null
            ? System.getenv(environmentVariable)
            : System.getProperty(systemProperty);
    return value == null || value.isEmpty() ? null : value;
  }

  /** Whether the JDK's HTTP client takes this as a header value (no newline, no control char). */
  static boolean isValidValue(String value) {
    try {
      HttpRequest.newBuilder().header(DEFAULT_NAME, value);
      return true;
    } catch (IllegalArgumentException e) {
      return false; // The JDK's message quotes the value: never pass it on.
    }
  }

  /** Says what is wrong with the current value without showing it. */
  String invalidValueMessage() {
    return "the " + source() + " for header " + name + " is not a valid HTTP header value"
        + " (a trailing newline or another control character?); the value is not shown";
  }

  @Override
  public String toString() {
    return "header " + name + " from " + source();
  }
}
