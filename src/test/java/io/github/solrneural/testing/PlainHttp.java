package io.github.solrneural.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Requests to one Solr node as curl would send them: the HTTP status and the JSON, unretried. */
public final class PlainHttp {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** The status and JSON body of one answer. */
  public record Answer(int status, JsonObject json) {
    public JsonObject header() {
      return json.getAsJsonObject("responseHeader");
    }

    /** The responseHeader's partialResults as text, or null when absent. */
    public String partialResults() {
      return header().has("partialResults") ? header().get("partialResults").getAsString() : null;
    }

    public String partialResultsDetails() {
      return header().has("partialResultsDetails")
          ? header().get("partialResultsDetails").toString()
          : null;
    }

    /**
     * The error's message, followed by the messages of the shards' errors it wraps: Solr 10 keeps
     * those in the error's {@code details} (its own message only names the shard).
     */
    public String errorMessage() {
      if (!json.has("error")) {
        return null;
      }
      JsonObject error = json.getAsJsonObject("error");
      StringBuilder message = new StringBuilder(error.get("msg").getAsString());
      if (error.has("details")) {
        appendMessages(error.get("details"), message);
      }
      return message.toString();
    }

    private static void appendMessages(JsonElement element, StringBuilder message) {
      if (element.isJsonArray()) {
        element.getAsJsonArray().forEach(item -> appendMessages(item, message));
      } else if (element.isJsonObject()) {
        for (Map.Entry<String, JsonElement> entry : element.getAsJsonObject().entrySet()) {
          if (entry.getKey().equals("msg") && entry.getValue().isJsonPrimitive()) {
            message.append(" | ").append(entry.getValue().getAsString());
          } else {
            appendMessages(entry.getValue(), message);
          }
        }
      }
    }
  }

  private PlainHttp() {}

  /** GET {nodeUrl}/{collection}{path} with the params, wt=json. */
  public static Answer get(String nodeUrl, String collection, String path, Map<String, String> params)
      throws Exception {
    URI uri = uri(nodeUrl, collection, path, params);
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120)).GET().build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Answer(response.statusCode(), JsonParser.parseString(response.body()).getAsJsonObject());
  }

  /** GET {nodeUrl}{path} with the params as given (no wt): the status and the body as text. */
  public static Answer text(String nodeUrl, String path, Map<String, String> params) throws Exception {
    String query = params.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(URI.create(nodeUrl + path + "?" + query))
            .timeout(Duration.ofSeconds(120)).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    JsonObject body = new JsonObject();
    body.addProperty("text", response.body());
    return new Answer(response.statusCode(), body);
  }

  /** POST {nodeUrl}/{collection}{path} with the params (wt=json) and a JSON body. */
  public static Answer postJson(
      String nodeUrl, String collection, String path, Map<String, String> params, String body)
      throws Exception {
    URI uri = uri(nodeUrl, collection, path, params);
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(300))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Answer(response.statusCode(), JsonParser.parseString(response.body()).getAsJsonObject());
  }

  /**
   * A NamedList in JSON as key/value pairs, in either form Solr writes it: a flat array (Solr 9's
   * error metadata, {@code [k1, v1, k2, v2]}) or an object (Solr 10's).
   */
  public static List<Map.Entry<String, JsonElement>> pairs(JsonElement namedList) {
    List<Map.Entry<String, JsonElement>> pairs = new ArrayList<>();
    if (namedList.isJsonObject()) {
      pairs.addAll(namedList.getAsJsonObject().entrySet());
    } else {
      JsonArray flat = namedList.getAsJsonArray();
      for (int i = 0; i + 1 < flat.size(); i += 2) {
        String key = flat.get(i).isJsonNull() ? "" : flat.get(i).getAsString();
        pairs.add(new AbstractMap.SimpleEntry<>(key, flat.get(i + 1)));
      }
    }
    return pairs;
  }

  private static URI uri(String nodeUrl, String collection, String path, Map<String, String> params) {
    String query =
        params.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    return URI.create(nodeUrl + "/" + collection + path + "?" + query + "&wt=json");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
