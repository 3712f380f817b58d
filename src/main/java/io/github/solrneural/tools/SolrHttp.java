package io.github.solrneural.tools;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * JSON over HTTP with one collection. The Authorization value is sent, never printed: messages
 * name the path only.
 */
final class SolrHttp {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
  private final String collectionUrl;
  private final String authorization;

  /** The status and the parsed body (an empty object when the body is not JSON). */
  record Response(int status, JsonObject body) {
    boolean ok() {
      return status == 200;
    }

    /** Solr's error message, or the status alone. */
    String error() {
      JsonObject error = body.has("error") ? body.getAsJsonObject("error") : null;
      String message = error != null && error.has("msg") ? error.get("msg").getAsString() : "";
      return "HTTP " + status + (message.isEmpty() ? "" : ": " + message);
    }
  }

  SolrHttp(String collectionUrl, String authorization) {
    this.collectionUrl = collectionUrl;
    this.authorization = authorization;
  }

  Response get(String path, Map<String, String> params) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path, params)).GET());
  }

  Response postJson(String path, Map<String, String> params, String json)
      throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path, params))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
  }

  private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> response =
        client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), parse(response.body()));
  }

  private static JsonObject parse(String body) {
    try {
      JsonElement parsed = JsonParser.parseString(body);
      return parsed.isJsonObject() ? parsed.getAsJsonObject() : new JsonObject();
    } catch (RuntimeException e) {
      return new JsonObject();
    }
  }

  private URI uri(String path, Map<String, String> params) {
    String query = params.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
    return URI.create(collectionUrl + path + "?wt=json" + (query.isEmpty() ? "" : "&" + query));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
