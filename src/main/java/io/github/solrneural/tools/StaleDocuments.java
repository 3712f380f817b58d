package io.github.solrneural.tools;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The source documents still on another embedder identity: those with a chunk whose {@code
 * embedding_model} differs from the current value (or is missing), and whole-document vector
 * documents whose own value differs. Walked in id order with a cursor, so documents converted
 * meanwhile neither shift nor repeat a page; a new run starts from the beginning and finds only
 * what is left.
 */
final class StaleDocuments {
  /** Source (root) documents: the ones without a nest path. */
  static final String PARENTS = "*:* -_nest_path_:*";

  private final SolrHttp solr;
  private final Map<String, String> query = new LinkedHashMap<>();
  private String cursor = "*";
  private boolean exhausted;

  StaleDocuments(SolrHttp solr, String currentModel) {
    this.solr = solr;
    String other = "-embedding_model:\"" + currentModel.replace("\"", "\\\"") + "\"";
    query.put("q", "{!bool should=$stale_chunked should=$stale_whole}");
    query.put("stale_chunked", "{!parent which=$parents v=$stale_chunks}");
    query.put("stale_chunks", "+chunk_text:* " + other);
    // Only a whole-document vector document carries embedding_key itself; chunks have a nest path.
    query.put("stale_whole", "+embedding_key:* -_nest_path_:* " + other);
    query.put("parents", PARENTS);
  }

  /** How many are left now. */
  long count() throws IOException, InterruptedException {
    Map<String, String> params = new LinkedHashMap<>(query);
    params.put("rows", "0");
    SolrHttp.Response response = solr.get("/select", params);
    if (!response.ok()) {
      throw new IOException("counting the documents to re-embed failed: " + response.error());
    }
    return response.body().getAsJsonObject("response").get("numFound").getAsLong();
  }

  /** The next page's stored fields, at most {@code rows} documents; empty at the end. */
  List<JsonObject> next(int rows) throws IOException, InterruptedException {
    if (exhausted) {
      return List.of();
    }
    Map<String, String> params = new LinkedHashMap<>(query);
    params.put("rows", String.valueOf(rows));
    params.put("sort", "id asc");
    params.put("fl", "*");
    params.put("cursorMark", cursor);
    SolrHttp.Response response = solr.get("/select", params);
    if (!response.ok()) {
      throw new IOException("reading the documents to re-embed failed: " + response.error());
    }
    String nextCursor = response.body().get("nextCursorMark").getAsString();
    exhausted = nextCursor.equals(cursor);
    cursor = nextCursor;
    List<JsonObject> docs = new ArrayList<>();
    for (JsonElement doc : response.body().getAsJsonObject("response").getAsJsonArray("docs")) {
      docs.add(doc.getAsJsonObject());
    }
    return docs;
  }

  /** The latest version of each id (real-time get: uncommitted updates too), by id. */
  static Map<String, JsonObject> latest(SolrHttp solr, List<String> ids)
      throws IOException, InterruptedException {
    SolrHttp.Response response = solr.get("/get",
        Map.of("ids", String.join(",", ids), "fl", "id,_version_,embedding_model"));
    if (!response.ok()) {
      throw new IOException("reading the latest versions failed: " + response.error());
    }
    Map<String, JsonObject> byId = new LinkedHashMap<>();
    JsonArray docs = response.body().getAsJsonObject("response").getAsJsonArray("docs");
    for (JsonElement doc : docs) {
      byId.put(doc.getAsJsonObject().get("id").getAsString(), doc.getAsJsonObject());
    }
    return byId;
  }
}
