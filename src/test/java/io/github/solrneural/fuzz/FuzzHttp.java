package io.github.solrneural.fuzz;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Raw requests to one Solr node: bodies and query strings go out byte for byte as built (so broken
 * percent-encoding and hand-made JSON reach Solr), and answers come back unparsed as well as parsed.
 */
final class FuzzHttp {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1) // as curl: no h2c upgrade on plain HTTP
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /** One answer: the status, the body as text, and the body as JSON when it is a JSON object. */
  record Answer(int status, String body, JsonObject json) {
    /** The error message Solr gives, or null. */
    String errorMessage() {
      if (json == null || !json.has("error") || !json.get("error").isJsonObject()) {
        return null;
      }
      JsonElement msg = json.getAsJsonObject("error").get("msg");
      return msg == null || msg.isJsonNull() ? null : msg.getAsString();
    }
  }

  private FuzzHttp() {}

  /** POST of an already encoded form body to {base}{path}. */
  static Answer postForm(String base, String path, String encodedForm) throws Exception {
    return send(base + path, "application/x-www-form-urlencoded; charset=UTF-8", encodedForm);
  }

  /** POST of a JSON text to {base}{path}?{encodedQuery}. */
  static Answer postJson(String base, String path, String encodedQuery, String json)
      throws Exception {
    return send(base + path + "?" + encodedQuery, "application/json", json);
  }

  /** GET {base}{path}?{encodedQuery}. */
  static Answer get(String base, String path, String encodedQuery) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path + "?" + encodedQuery))
            .timeout(Duration.ofSeconds(120))
            .GET()
            .build();
    return answer(HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
  }

  private static Answer send(String url, String contentType, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(120))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(utf8(body)))
            .build();
    return answer(HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
  }

  /** UTF-8 bytes; a lone surrogate cannot be encoded and goes out as '?', as in any client. */
  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Answer answer(HttpResponse<String> response) {
    JsonObject json = null;
    try {
      JsonElement parsed = JsonParser.parseString(response.body());
      json = parsed.isJsonObject() ? parsed.getAsJsonObject() : null;
    } catch (RuntimeException notJson) {
      // Jetty's own pages (such as a 404 for an unknown path) are HTML.
    }
    return new Answer(response.statusCode(), response.body(), json);
  }
}
