package io.github.solrneural.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.IndexSnapshot;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.PlainHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The Reembed command against a real SolrCloud over HTTP (2 shards): documents chunked and embedded
 * with the demo "minilm", then its declaration gains a document prefix (another identity, the same
 * chunks) and the collection is reloaded. The command stops part way with --max-docs, resumes on
 * the next run, and ends with the index a fresh collection indexed with the new declaration holds.
 */
@org.apache.solr.SolrTestCaseJ4.SuppressSSL(bugUrl = "none: plain-HTTP client")
public class ReembedSolrCloudTest extends SolrCloudTestCase {
  private static final int DOCS = 30;
  private static final int PARAGRAPH_CHARS = 350;
  private static final String PASSAGE = "passage";
  private static final double FROM_SCRATCH_TOLERANCE = 1e-5;
  private static String nodeUrl;

  @BeforeClass
  public static void startCluster() throws Exception {
    NeuralCluster.useDemoModels();
    Path passage = NeuralCluster.configsetVariant(createTempDir("conf-passage"),
        config -> config.replaceFirst("<int name=\"batchSize\">32</int>",
            "<int name=\"batchSize\">32</int><str name=\"documentPrefix\">passage: </str>"));
    configureCluster(2)
        .addConfig(NeuralCluster.CONFIGSET, DemoModels.projectDir().resolve("solr-config/conf"))
        .addConfig(PASSAGE, passage)
        .configure();
    nodeUrl = cluster.getJettySolrRunner(0).getBaseUrl().toString();
  }

  @AfterClass
  public static void clearModels() {
    System.clearProperty("neural.models.dir");
  }

  private static String id(int d) {
    return String.format(java.util.Locale.ROOT, "doc-%02d", d);
  }

  /** Two paragraphs of the demo text each (one chunk each at the configset's chunkSize 500). */
  private static String documents(int count) {
    String text = DemoModels.demoText().replaceAll("\\s+", " ");
    JsonArray docs = new JsonArray();
    for (int d = 0; d < count; d++) {
      JsonObject doc = new JsonObject();
      doc.addProperty("id", id(d));
      doc.addProperty("tag_s", "source-" + d);
      doc.addProperty("text", text.substring(2 * d * PARAGRAPH_CHARS, (2 * d + 1) * PARAGRAPH_CHARS)
          .trim() + "\n\n" + text.substring((2 * d + 1) * PARAGRAPH_CHARS,
          (2 * d + 2) * PARAGRAPH_CHARS).trim());
      docs.add(doc);
    }
    return docs.toString();
  }

  private static void index(String collection, String configset, int shards, int count)
      throws Exception {
    CollectionAdminRequest.createCollection(collection, configset, shards, 1)
        .process(cluster.getSolrClient());
    cluster.waitForActiveCollection(collection, shards, shards);
    PlainHttp.Answer sent = PlainHttp.postJson(
        nodeUrl, collection, "/update", Map.of("commit", "true"), documents(count));
    assertEquals(sent.json().toString(), 200, sent.status());
  }

  private static void switchToPassage(String collection) throws Exception {
    CollectionAdminRequest.modifyCollection(collection, Map.of("collection.configName", PASSAGE))
        .process(cluster.getSolrClient());
    CollectionAdminRequest.reloadCollection(collection).process(cluster.getSolrClient());
  }

  /** The embeddingModel the model store lists for minilm. */
  private static String listedModel(String collection) throws Exception {
    PlainHttp.Answer models = PlainHttp.get(nodeUrl, collection, "/neural/models", Map.of());
    for (var entry : models.json().getAsJsonArray("models")) {
      if (entry.getAsJsonObject().get("name").getAsString().equals("minilm")) {
        return entry.getAsJsonObject().get("embeddingModel").getAsString();
      }
    }
    throw new AssertionError("no minilm in " + models.json());
  }

  private record Run(int exitCode, String output) {}

  private static Run reembed(String collection, ReembedRun.BeforeWrite hook, String... more) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of(
        "--collection-url", nodeUrl + "/" + collection, "--model", "minilm", "--batch", "5"));
    args.addAll(List.of(more));
    int exit = Reembed.run(new PrintStream(printed, true, StandardCharsets.UTF_8), Map.of(), hook,
        args.toArray(String[]::new));
    return new Run(exit, printed.toString(StandardCharsets.UTF_8));
  }

  /** numFound of a query over the whole collection. */
  private static long count(String collection, String q) throws Exception {
    PlainHttp.Answer answer = PlainHttp.get(nodeUrl, collection, "/select",
        Map.of("q", q, "rows", "0", "parents", StaleDocuments.PARENTS));
    assertEquals(answer.json().toString(), 200, answer.status());
    return answer.json().getAsJsonObject("response").get("numFound").getAsLong();
  }

  /** Ids of the source documents whose own and whose chunks' embedding_model is the value. */
  private static TreeSet<String> on(Map<String, JsonObject> snapshot, String model) {
    TreeSet<String> ids = new TreeSet<>();
    snapshot.forEach((id, doc) -> {
      if (!doc.has("chunk_text") && model.equals(doc.get("embedding_model").getAsString())) {
        ids.add(id);
      }
    });
    IndexSnapshot.chunks(snapshot).forEach((id, chunk) -> assertEquals("chunk " + id,
        ids.contains(chunk.get("_root_").getAsString()),
        model.equals(chunk.get("embedding_model").getAsString())));
    return ids;
  }

  @Test
  public void reembedsInBatchesStopsAndResumesKeepingEveryDocumentSearchable() throws Exception {
    index("live", NeuralCluster.CONFIGSET, 2, DOCS);
    String oldModel = listedModel("live");
    Map<String, JsonObject> before = IndexSnapshot.of(cluster, "live");
    int chunks = IndexSnapshot.chunks(before).size();
    assertEquals("the listing names what the processor wrote", DOCS, on(before, oldModel).size());
    assertEquals(DOCS * 3, before.size());

    switchToPassage("live");
    String newModel = listedModel("live");
    assertNotEquals(oldModel, newModel);

    Run stopped = reembed("live", batch -> {}, "--max-docs", "12");
    assertEquals(stopped.output(), Reembed.DONE, stopped.exitCode());
    assertTrue(stopped.output(), stopped.output().contains(
        "batch 3: 12/12 re-embedded (100.0%)"));
    assertTrue(stopped.output(), stopped.output().contains("re-embedded 12 of 30, conflicts 0,"
        + " failures 0; run again to continue"));
    Map<String, JsonObject> halfway = IndexSnapshot.of(cluster, "live");
    TreeSet<String> first12 = new TreeSet<>();
    for (int d = 0; d < 12; d++) {
      first12.add(id(d));
    }
    assertEquals("the first 12 in id order", first12, on(halfway, newModel));
    assertEquals(DOCS - 12, on(halfway, oldModel).size());
    assertEquals("no chunk lost or added", chunks, IndexSnapshot.chunks(halfway).size());
    assertEquals(DOCS, count("live", "{!parent which=$parents}chunk_text:*"));
    assertEquals(chunks, count("live", "chunk_text:*"));
    assertEquals(DOCS - 12, count("live", "{!parent which=$parents}-embedding_model:" + newModel
        + " +chunk_text:*"));
    for (int d = 0; d < DOCS; d++) {
      assertEquals("source fields kept", "source-" + d,
          halfway.get(id(d)).get("tag_s").getAsString());
    }

    Run resumed = reembed("live", batch -> {});
    assertEquals(resumed.output(), Reembed.DONE, resumed.exitCode());
    assertTrue(resumed.output(),
        resumed.output().contains("re-embedded 18 of 18, conflicts 0, failures 0\n"));
    Map<String, JsonObject> after = IndexSnapshot.of(cluster, "live");
    assertEquals(DOCS, on(after, newModel).size());
    assertEquals(chunks, IndexSnapshot.chunks(after).size());
    index("fresh", PASSAGE, 1, DOCS);
    IndexSnapshot.assertSame(IndexSnapshot.of(cluster, "fresh"), after, FROM_SCRATCH_TOLERANCE);

    Run nothingLeft = reembed("live", batch -> {});
    assertEquals(nothingLeft.output(), Reembed.DONE, nothingLeft.exitCode());
    assertTrue(nothingLeft.output(), nothingLeft.output().startsWith("0 documents are not on"));
    Run reranker = reembed("live", batch -> {}, "--model", "reranker");
    assertEquals(reranker.output(), Reembed.USAGE, reranker.exitCode());
    assertTrue(reranker.output(), reranker.output().contains("'reranker' is not an embedder"));
  }

  @Test
  public void aDocumentChangedBetweenReadAndWriteIsAConflictNeverOverwritten() throws Exception {
    index("race", NeuralCluster.CONFIGSET, 2, 6);
    switchToPassage("race");
    String newModel = listedModel("race");
    AtomicBoolean changed = new AtomicBoolean();
    Run raced = reembed("race", batch -> {
      if (changed.compareAndSet(false, true)) {
        // A user's update of the third document after the command read it.
        JsonObject user = batch.get(2).deepCopy();
        user.remove("_version_");
        user.addProperty("tag_s", "changed by a user");
        PlainHttp.Answer sent = PlainHttp.postJson(nodeUrl, "race", "/update", Map.of(),
            "[" + stripDerived(user) + "]");
        assertEquals(sent.json().toString(), 200, sent.status());
      }
    }, "--batch", "6");
    assertEquals(raced.output(), Reembed.CONFLICTS, raced.exitCode());
    assertTrue(raced.output(), raced.output().contains("conflict: id=doc-02 changed meanwhile"));
    assertTrue(raced.output(), raced.output().contains("re-embedded 5 of 6, conflicts 1,"));
    Map<String, JsonObject> after = IndexSnapshot.of(cluster, "race");
    assertEquals("the user's change was not overwritten",
        "changed by a user", after.get("doc-02").get("tag_s").getAsString());
    assertEquals(6, on(after, newModel).size());

    Run again = reembed("race", batch -> {});
    assertEquals(again.output(), Reembed.DONE, again.exitCode());
    assertEquals("changed by a user",
        IndexSnapshot.of(cluster, "race").get("doc-02").get("tag_s").getAsString());
  }

  @Test
  public void anInterruptedRunResumesAndFailuresNameTheDocument() throws Exception {
    index("cut", NeuralCluster.CONFIGSET, 2, 6);
    switchToPassage("cut");
    String secret = "Basic c2VjcmV0OnNlY3JldA==";
    Map<String, String> env = Map.of("SOLR_AUTH", secret);
    // Every document of the batch fails: an update chain the collection does not have.
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int failed = Reembed.run(new PrintStream(printed, true, StandardCharsets.UTF_8), env,
        "--collection-url", nodeUrl + "/cut", "--model", "minilm", "--batch", "3",
        "--chain", "no-such-chain", "--authorization-env", "SOLR_AUTH");
    String output = printed.toString(StandardCharsets.UTF_8);
    assertEquals(output, Reembed.FAILED, failed);
    assertTrue(output, output.contains("failed: id=doc-00: HTTP 400"));
    assertTrue(output, output.contains("stopping: every document of the batch failed"));
    assertTrue(output, !output.contains(secret) && !output.contains("c2VjcmV0"));

    // Killed after its first batch was sent: no final commit (as with Ctrl-C).
    int[] batches = {0};
    Run killed = reembed("cut", batch -> {
      if (++batches[0] == 2) {
        throw new IllegalStateException("killed");
      }
    }, "--batch", "2");
    assertEquals(killed.output(), Reembed.FAILED, killed.exitCode());
    Run resumed = reembed("cut", batch -> {}, "--batch", "2");
    assertEquals(resumed.output(), Reembed.DONE, resumed.exitCode());
    assertTrue(resumed.output(),
        resumed.output().contains("re-embedded 4 of 4, conflicts 0, failures 0\n"));
    assertEquals(6, on(IndexSnapshot.of(cluster, "cut"), listedModel("cut")).size());
  }

  private static JsonObject stripDerived(JsonObject doc) {
    ReembedOptions.DEFAULT_SKIP.forEach(doc::remove);
    return doc;
  }

  @Test
  public void badOptionsSayWhichAndRunNothing() {
    Run noUrl = reembed("live", batch -> {}, "--batch", "0");
    assertEquals(Reembed.USAGE, noUrl.exitCode());
    assertTrue(noUrl.output(), noUrl.output().contains("--batch must be a whole number from 1 to"
        + " " + ReembedOptions.MAX_BATCH));
    Run noSecret = reembed("live", batch -> {}, "--authorization-env", "NO_SUCH_VARIABLE");
    assertEquals(Reembed.USAGE, noSecret.exitCode());
    assertTrue(noSecret.output(), noSecret.output().contains("NO_SUCH_VARIABLE, which is not set"));
  }
}
