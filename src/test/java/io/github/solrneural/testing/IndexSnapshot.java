package io.github.solrneural.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.Replica;
import org.apache.solr.common.cloud.Slice;

/**
 * Every stored document of a collection (parents and chunks) as each replica's core holds it, read
 * with {@code distrib=false}: the replicas of each shard must agree, and the shards together give
 * one document per id.
 */
public final class IndexSnapshot {
  public static final String FIELDS = "id,_root_,text,tag_s,chunk_text,chunk_index,chunk_start,"
      + "chunk_end,vector,embedding_truncated,embedding_key,embedding_model";
  private static final int MAX_DOCS = 10_000;

  private IndexSnapshot() {}

  /** By id: the document's stored fields, the same on every replica of its shard. */
  public static Map<String, JsonObject> of(MiniSolrCloudCluster cluster, String collection)
      throws Exception {
    DocCollection state = cluster.getSolrClient().getClusterState().getCollection(collection);
    Map<String, JsonObject> all = new TreeMap<>();
    for (Slice slice : state.getSlices()) {
      Map<String, JsonObject> first = null;
      for (Replica replica : slice.getReplicas()) {
        Map<String, JsonObject> held = core(replica.getBaseUrl(), replica.getCoreName());
        if (first == null) {
          first = held;
        } else {
          assertEquals("replicas of " + slice.getName() + " agree", first, held);
        }
      }
      for (String id : first.keySet()) {
        assertTrue("one shard holds " + id, !all.containsKey(id));
      }
      all.putAll(first);
    }
    return all;
  }

  /** The chunks (documents with chunk text) only. */
  public static Map<String, JsonObject> chunks(Map<String, JsonObject> snapshot) {
    Map<String, JsonObject> chunks = new TreeMap<>();
    snapshot.forEach((id, doc) -> {
      if (doc.has("chunk_text")) {
        chunks.put(id, doc);
      }
    });
    return chunks;
  }

  /**
   * Asserts two snapshots hold the same documents with the same fields; vectors agree within
   * {@code tolerance} per component (0: bit for bit), since a text padded in another batch may
   * come out a rounding step apart.
   */
  public static void assertSame(
      Map<String, JsonObject> expected, Map<String, JsonObject> actual, double tolerance) {
    assertEquals("ids", expected.keySet(), actual.keySet());
    for (Map.Entry<String, JsonObject> entry : expected.entrySet()) {
      JsonObject want = entry.getValue().deepCopy();
      JsonObject got = actual.get(entry.getKey()).deepCopy();
      JsonElement wantVector = want.remove("vector");
      JsonElement gotVector = got.remove("vector");
      assertEquals("fields of " + entry.getKey(), want, got);
      assertEquals("vector of " + entry.getKey(), wantVector == null, gotVector == null);
      if (wantVector != null) {
        JsonArray a = wantVector.getAsJsonArray();
        JsonArray b = gotVector.getAsJsonArray();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
          assertEquals("vector of " + entry.getKey() + " at " + i,
              a.get(i).getAsFloat(), b.get(i).getAsFloat(), tolerance);
        }
      }
    }
  }

  private static Map<String, JsonObject> core(String baseUrl, String core) throws Exception {
    PlainHttp.Answer answer = PlainHttp.get(baseUrl, core, "/select", Map.of(
        "q", "*:*", "distrib", "false", "fl", FIELDS, "rows", String.valueOf(MAX_DOCS),
        "sort", "id asc"));
    assertEquals(answer.json().toString(), 200, answer.status());
    JsonObject response = answer.json().getAsJsonObject("response");
    assertTrue("fewer than " + MAX_DOCS, response.get("numFound").getAsLong() < MAX_DOCS);
    Map<String, JsonObject> docs = new TreeMap<>();
    for (JsonElement doc : response.getAsJsonArray("docs")) {
      docs.put(doc.getAsJsonObject().get("id").getAsString(), doc.getAsJsonObject());
    }
    return docs;
  }
}
