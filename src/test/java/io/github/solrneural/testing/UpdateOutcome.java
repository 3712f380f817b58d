package io.github.solrneural.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a client learns from one update request and the index after it: the HTTP status, the ids
 * reported as failed (the tolerant processor's {@code responseHeader.errors}, or the {@code
 * error.metadata} of a failed request) and the ids indexed.
 */
public record UpdateOutcome(int status, Set<String> reportedIds, Set<String> indexedIds) {
  private static final String TOLERATED_PREFIX = "org.apache.solr.common.ToleratedUpdateError--";

  /** Sends the JSON update, commits, and reads back every parent id in the collection. */
  public static UpdateOutcome of(
      String nodeUrl, String collection, Map<String, String> params, String jsonDocs)
      throws Exception {
    return of(nodeUrl, collection, params, jsonDocs, "*");
  }

  /** As above, reading back only the ids that start with the prefix. */
  public static UpdateOutcome of(
      String nodeUrl, String collection, Map<String, String> params, String jsonDocs,
      String idPrefix) throws Exception {
    PlainHttp.Answer answer = PlainHttp.postJson(nodeUrl, collection, "/update", params, jsonDocs);
    PlainHttp.postJson(nodeUrl, collection, "/update", Map.of("commit", "true"), "[]");
    return new UpdateOutcome(
        answer.status(), reported(answer.json()), indexed(nodeUrl, collection, idPrefix));
  }

  static Set<String> reported(JsonObject json) {
    Set<String> ids = new TreeSet<>();
    JsonObject header = json.getAsJsonObject("responseHeader");
    if (header != null && header.has("errors")) {
      for (JsonElement error : header.getAsJsonArray("errors")) {
        ids.add(error.getAsJsonObject().get("id").getAsString());
      }
    }
    if (json.has("error") && json.getAsJsonObject("error").has("metadata")) {
      for (Map.Entry<String, JsonElement> entry :
          PlainHttp.pairs(json.getAsJsonObject("error").get("metadata"))) {
        String key = entry.getKey();
        if (key.startsWith(TOLERATED_PREFIX)) {
          String typeAndId = key.substring(TOLERATED_PREFIX.length()); // e.g. ADD:r2
          ids.add(typeAndId.substring(typeAndId.indexOf(':') + 1));
        }
      }
    }
    return ids;
  }

  public static Set<String> indexed(String nodeUrl, String collection, String idPrefix)
      throws Exception {
    String query = "*".equals(idPrefix) ? "*:*" : "id:" + idPrefix + "*";
    PlainHttp.Answer answer =
        PlainHttp.get(
            nodeUrl, collection, "/select",
            Map.of("q", query, "fq", "-_nest_path_:*", "fl", "id", "rows", "100000"));
    Set<String> ids = new TreeSet<>();
    for (JsonElement doc : answer.json().getAsJsonObject("response").getAsJsonArray("docs")) {
      ids.add(doc.getAsJsonObject().get("id").getAsString());
    }
    return ids;
  }
}
