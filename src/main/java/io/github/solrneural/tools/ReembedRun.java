package io.github.solrneural.tools;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One pass of {@link Reembed}: reads the stale documents a batch at a time and sends each batch
 * back through the chain with {@code neural.reembed=true} and the {@code _version_} it read, so a
 * document a user changed meanwhile is refused (a version conflict, left for the next run) rather
 * than overwritten by the stale copy.
 */
final class ReembedRun {
  private static final int CONFLICT = 409;

  /** What the pass did; {@code total} is what was left when it started. */
  record Outcome(long total, long done, long conflicts, long failures, boolean stoppedOnFailure) {}

  /** Called with a batch as read, before it is sent back (tests change a document there). */
  interface BeforeWrite {
    void accept(List<JsonObject> batch) throws Exception;
  }

  private final SolrHttp solr;
  private final ReembedOptions options;
  private final String currentModel;
  private final PrintStream out;
  private final BeforeWrite beforeWrite;
  private long done;
  private long conflicts;
  private long failures;

  ReembedRun(SolrHttp solr, ReembedOptions options, String currentModel, PrintStream out,
      BeforeWrite beforeWrite) {
    this.solr = solr;
    this.options = options;
    this.currentModel = currentModel;
    this.out = out;
    this.beforeWrite = beforeWrite;
  }

  Outcome run() throws Exception {
    // An interrupted run's last batches may not be visible yet: the search would offer them again.
    commit();
    StaleDocuments stale = new StaleDocuments(solr, currentModel);
    long total = stale.count();
    long goal = Math.min(total, options.maxDocs());
    out.printf(Locale.ROOT, "%d documents are not on embedding_model %s; re-embedding %d%n",
        total, currentModel, goal);
    long started = System.nanoTime();
    long attempted = 0;
    int batchNumber = 0;
    boolean stoppedOnFailure = false;
    while (attempted < goal) {
      List<JsonObject> batch = stale.next((int) Math.min(options.batch(), goal - attempted));
      if (batch.isEmpty()) {
        break;
      }
      beforeWrite.accept(batch);
      long failuresBefore = failures;
      write(batch);
      attempted += batch.size();
      batchNumber++;
      double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
      out.printf(Locale.ROOT,
          "batch %d: %d/%d re-embedded (%.1f%%), %.1f docs/s, conflicts %d, failures %d%n",
          batchNumber, done, goal, goal == 0 ? 100.0 : 100.0 * done / goal, done / seconds,
          conflicts, failures);
      if (failures - failuresBefore == batch.size()) {
        out.println("stopping: every document of the batch failed");
        stoppedOnFailure = true;
        break;
      }
    }
    if (!commit()) {
      failures++;
    }
    return new Outcome(total, done, conflicts, failures, stoppedOnFailure);
  }

  private boolean commit() throws IOException, InterruptedException {
    SolrHttp.Response commit = solr.get("/update", Map.of("commit", "true"));
    if (!commit.ok()) {
      out.println("commit failed: " + commit.error());
    }
    return commit.ok();
  }

  private void write(List<JsonObject> batch) throws IOException, InterruptedException {
    JsonArray payload = new JsonArray();
    for (JsonObject doc : batch) {
      payload.add(sourceFields(doc));
    }
    SolrHttp.Response response = solr.postJson("/update", params(), payload.toString());
    if (response.ok()) {
      done += batch.size();
      return;
    }
    // A failed request may have applied the documents before the one that failed: look.
    List<String> ids = new ArrayList<>();
    batch.forEach(doc -> ids.add(id(doc)));
    Map<String, JsonObject> latest = StaleDocuments.latest(solr, ids);
    // Solr names the document whose version did not match; a user's write may have embedded it
    // with the current model too, so its version alone cannot tell it from one this batch wrote.
    String refused = response.status() == CONFLICT ? response.error() : "";
    for (JsonObject doc : batch) {
      JsonObject now = latest.get(id(doc));
      if (refused.contains("version conflict for " + id(doc) + " ")) {
        conflicts++;
        out.println("conflict: id=" + id(doc) + " changed meanwhile; the next run re-embeds it");
      } else if (now == null) {
        conflicts++; // deleted meanwhile: nothing to re-embed
        out.println("conflict: id=" + id(doc) + " was deleted meanwhile");
      } else if (!version(now).equals(version(doc))) {
        if (currentModel.equals(value(now, "embedding_model"))) {
          done++;
        } else {
          conflicts++;
          out.println("conflict: id=" + id(doc) + " changed meanwhile; the next run re-embeds it");
        }
      } else {
        writeAlone(doc);
      }
    }
  }

  private void writeAlone(JsonObject doc) throws IOException, InterruptedException {
    JsonArray payload = new JsonArray();
    payload.add(sourceFields(doc));
    SolrHttp.Response response = solr.postJson("/update", params(), payload.toString());
    if (response.ok()) {
      done++;
    } else if (response.status() == CONFLICT) {
      conflicts++;
      out.println("conflict: id=" + id(doc) + " changed meanwhile; the next run re-embeds it");
    } else {
      failures++;
      out.println("failed: id=" + id(doc) + ": " + response.error());
    }
  }

  private Map<String, String> params() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("neural.reembed", "true");
    if (options.chain() != null) {
      params.put("update.chain", options.chain());
    }
    return params;
  }

  /** The stored source fields, and the version read, for optimistic concurrency. */
  private JsonObject sourceFields(JsonObject doc) {
    JsonObject source = new JsonObject();
    for (Map.Entry<String, JsonElement> field : doc.entrySet()) {
      if (!options.skipFields().contains(field.getKey())) {
        source.add(field.getKey(), field.getValue());
      }
    }
    source.add("_version_", doc.get("_version_"));
    return source;
  }

  private static String id(JsonObject doc) {
    return doc.get("id").getAsString();
  }

  private static String version(JsonObject doc) {
    return doc.get("_version_").getAsString();
  }

  private static String value(JsonObject doc, String field) {
    JsonElement value = doc.get(field);
    return value == null || value.isJsonNull() ? null : value.getAsString();
  }
}
