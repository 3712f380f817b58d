package io.github.solrneural.fuzz;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.solrneural.fuzz.Ledger.Absent;
import io.github.solrneural.fuzz.Ledger.AbsentOr;
import io.github.solrneural.fuzz.Ledger.Known;
import io.github.solrneural.fuzz.Ledger.Present;
import io.github.solrneural.fuzz.Ledger.State;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares the committed index with the ledger: each document where and as it must be, and each
 * document's chunks cut from its current text (none left over from an older text or a deleted
 * document).
 */
final class IndexAudit {
  private static final String FIELDS = "id,_root_,text,title,label_s,n_i,chunk_text";
  private final List<List<String>> shards;
  private final Findings findings;

  /**
   * Reads each core on its own (distrib=false), the replicas of one shard per inner list: a
   * distributed query cannot show an id held twice, and trips over it under assertions.
   */
  IndexAudit(List<List<String>> shardCoreUrls, Findings findings) {
    this.shards = shardCoreUrls;
    this.findings = findings;
  }

  void check(Map<String, State> expected) throws Exception {
    Map<String, JsonObject> roots = new HashMap<>();
    Map<String, List<String>> chunks = new HashMap<>();
    for (List<String> replicas : shards) {
      Map<String, JsonObject> leader = null;
      for (String core : replicas) {
        Map<String, JsonObject> held = new TreeMap<>();
        for (JsonObject doc : fetch(core, "*:*", FIELDS)) {
          JsonObject before = held.put(doc.get("id").getAsString(), doc);
          if (before != null) {
            findings.add("id '" + doc.get("id").getAsString() + "' is held twice by core " + core,
                "final audit", Findings.cut(before + " and " + doc));
          }
        }
        if (leader == null) {
          leader = held;
        } else if (!leader.equals(held)) {
          findings.add("the replicas of one shard differ: " + replicas, "final audit",
              differences(leader, held));
        }
      }
      for (JsonObject doc : leader.values()) {
        String id = doc.get("id").getAsString();
        String root = doc.has("_root_") ? doc.get("_root_").getAsString() : id;
        if (root.equals(id)) {
          if (roots.put(id, doc) != null) {
            findings.add("id '" + id + "' is held by two shards", "final audit", doc.toString());
          }
        } else if (doc.has("chunk_text")) {
          chunks.computeIfAbsent(root, k -> new ArrayList<>())
              .add(doc.get("chunk_text").getAsString());
        }
      }
    }
    for (Map.Entry<String, State> entry : expected.entrySet()) {
      check(entry.getKey(), entry.getValue(), roots.get(entry.getKey()));
    }
    for (String id : roots.keySet()) {
      if (!expected.containsKey(id)) {
        findings.add("document '" + id + "' is in the index but was never sent under that id",
            "final audit", roots.get(id).toString());
      }
    }
    for (Map.Entry<String, List<String>> root : chunks.entrySet()) {
      checkChunks(root.getKey(), roots.get(root.getKey()), root.getValue());
    }
    for (JsonObject root : roots.values()) {
      if (root.has("text") && !chunks.containsKey(root.get("id").getAsString())) {
        findings.add("document '" + root.get("id").getAsString() + "' has text but no chunks",
            "final audit", Findings.cut(root.toString()));
      }
    }
  }

  private void check(String id, State state, JsonObject found) {
    String problem = problem(state, found);
    if (problem != null) {
      findings.add("document '" + id + "' " + problem + " (expected " + shown(state) + ")",
          "final audit", found == null ? "absent" : Findings.cut(found.toString()));
    }
  }

  /** What is wrong with the found document for the state, or null. */
  private static String problem(State state, JsonObject found) {
    if (state instanceof Absent) {
      return found == null ? null : "is in the index, though it was refused or deleted";
    }
    if (state instanceof AbsentOr either) {
      return found == null ? null : problem(either.state(), found);
    }
    if (state instanceof Present) {
      return found == null ? "was acknowledged but is not in the index" : null;
    }
    if (state instanceof Known known) {
      if (found == null) {
        return "was acknowledged but is not in the index";
      }
      Map<String, Object> actual = content(found);
      return actual.equals(known.content()) ? null
          : "holds " + shown(actual) + " instead of the last acknowledged content";
    }
    return null;
  }

  private static Map<String, Object> content(JsonObject doc) {
    Map<String, Object> content = new TreeMap<>();
    for (String field : UpdateFuzzer.FIELDS) {
      JsonElement value = doc.get(field);
      if (value == null || value.isJsonNull()) {
        continue;
      }
      if (value.isJsonArray()) {
        content.put(field, value.toString()); // a single-valued field never holds a list
      } else {
        content.put(field, field.equals("n_i") ? (Object) value.getAsLong() : value.getAsString());
      }
    }
    return content;
  }

  private void checkChunks(String rootId, JsonObject root, List<String> texts) {
    if (root == null) {
      findings.add(texts.size() + " chunk(s) of '" + rootId + "' outlive their document",
          "final audit", Findings.cut(texts.toString()));
      return;
    }
    String text = root.has("text") ? root.get("text").getAsString() : null;
    for (String chunk : texts) {
      if (text == null || !text.contains(chunk)) {
        findings.add("a chunk of '" + rootId + "' is not cut from its current text",
            "final audit", "chunk " + Encoding.shown(chunk) + " text "
                + (text == null ? "none" : Encoding.shown(text)));
        return;
      }
    }
  }

  private static String differences(Map<String, JsonObject> one, Map<String, JsonObject> other) {
    List<String> ids = new ArrayList<>();
    for (String id : new java.util.TreeSet<>(one.keySet())) {
      if (!one.get(id).equals(other.get(id))) {
        ids.add(id);
      }
    }
    other.keySet().stream().filter(id -> !one.containsKey(id)).forEach(ids::add);
    return "ids " + ids.subList(0, Math.min(10, ids.size())) + " of " + ids.size();
  }

  private List<JsonObject> fetch(String core, String query, String fields) throws Exception {
    List<JsonObject> docs = new ArrayList<>();
    String cursor = "*";
    while (true) {
      FuzzHttp.Answer answer = FuzzHttp.postForm(core, "/select", "q=" + Encoding.form(query)
          + "&fl=" + Encoding.form(fields) + "&rows=2000&sort=id+asc&distrib=false&wt=json"
          + "&cursorMark=" + Encoding.form(cursor));
      if (answer.status() != 200) {
        throw new AssertionError("the audit query failed: " + Findings.cut(answer.body()));
      }
      JsonArray page = answer.json().getAsJsonObject("response").getAsJsonArray("docs");
      page.forEach(doc -> docs.add(doc.getAsJsonObject()));
      String next = answer.json().get("nextCursorMark").getAsString();
      if (next.equals(cursor)) {
        return docs;
      }
      cursor = next;
    }
  }

  private static String shown(Object value) {
    String text = String.valueOf(value);
    return text.length() <= 300 ? text : text.substring(0, 300) + "...(" + text.length() + ")";
  }
}
