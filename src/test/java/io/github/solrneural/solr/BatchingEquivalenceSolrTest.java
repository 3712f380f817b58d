package io.github.solrneural.solr;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.solrneural.testing.FinishCounterProcessorFactory;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.PlainHttp;
import io.github.solrneural.testing.StubEndpoint;
import io.github.solrneural.testing.UpdateChains;
import io.github.solrneural.testing.UpdateOutcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Holding documents back for batching changes nothing a client sees: whatever fails while a held
 * batch goes down the chain, an update gives the same HTTP status, the same reported ids and the
 * same indexed ids as the same chain with {@code batchDocuments=false} (each document handed on as
 * soon as it is embedded). Failures: a schema error, a version conflict and a failing remote
 * embedder, on a document early in the request, on the one whose add fills a batch, and in the last
 * batch (handed on when the request finishes); with maxErrors 0, 1 and -1, and without a
 * tolerant processor. The embedder is a stub endpoint, 8 texts a call, so 24 documents make three
 * batches.
 */
@org.apache.solr.SolrTestCaseJ4.SuppressSSL(bugUrl = "none: plain-HTTP client")
public class BatchingEquivalenceSolrTest extends SolrCloudTestCase {
  private static final int DOCS = 24;
  private static final int EARLY = 1;
  /** The eighth of the second batch: its own add hands the batch on. */
  private static final int FILLS_A_BATCH = 15;
  private static final int IN_LAST_BATCH = 22;
  private static final String FAIL_MARKER = "FAILME";
  private static StubEndpoint embedder;
  private static int runs;
  private static String node;

  private enum Failure {
    SCHEMA_ERROR, VERSION_CONFLICT, REMOTE_EMBEDDER
  }

  @BeforeClass
  public static void startCluster() throws Exception {
    NeuralCluster.useDemoModels();
    embedder = new StubEndpoint();
    embedder.behave(StubEndpointEmbeddings.failingOn(FAIL_MARKER, 384));
    String chains =
        UpdateChains.variants("stub", "stub_vector", "<bool name=\"chunking\">false</bool>")
        + "<updateRequestProcessorChain name=\"counted\">"
            + "<processor class=\"io.github.solrneural.update.ChunkingEmbeddingUpdateProcessorFactory\">"
            + "<str name=\"inputField\">text</str><str name=\"vectorField\">stub_vector</str>"
            + "<str name=\"model\">stub</str><bool name=\"chunking\">false</bool></processor>"
            + "<processor class=\"io.github.solrneural.testing.FinishCounterProcessorFactory\"/>"
            + "<processor class=\"solr.RunUpdateProcessorFactory\"/>"
            + "</updateRequestProcessorChain>";
    Path conf =
        NeuralCluster.configsetWith(
            createTempDir("conf-batching"),
            config ->
                NeuralCluster.withModels(config,
                        NeuralCluster.remoteModel("stub", embedder.url(), "embedding",
                            Map.of("dimension", "384", "maxInputsPerCall", "8", "retries", "0")))
                    .replace("<requestHandler name=\"/select\"", chains + "<requestHandler name=\"/select\""),
            schema ->
                schema.replace("<field name=\"vector\"",
                    "<field name=\"stub_vector\" type=\"knn_vector_384\" indexed=\"true\""
                        + " stored=\"true\"/><field name=\"vector\""));
    configureCluster(1).addConfig(NeuralCluster.CONFIGSET, conf).configure();
    for (String collection : List.of("batched", "single", "batched2", "single2")) {
      int shards = collection.endsWith("2") ? 2 : 1;
      CollectionAdminRequest.createCollection(collection, NeuralCluster.CONFIGSET, shards, 1)
          .process(cluster.getSolrClient());
      cluster.waitForActiveCollection(collection, shards, shards);
    }
    node = cluster.getJettySolrRunner(0).getBaseUrl().toString();
  }

  @AfterClass
  public static void stop() {
    if (embedder != null) {
      embedder.close();
    }
    System.clearProperty("neural.models.dir");
  }

  @Test
  public void everyFailureGivesTheOutcomeOfHandingEachDocumentOnAtOnce() throws Exception {
    List<String> maxErrorsModes = List.of("0", "1", "-1", "strict");
    List<Map<Integer, Failure>> scenarios = new ArrayList<>();
    for (Failure failure : Failure.values()) {
      scenarios.add(Map.of(EARLY, failure));
      scenarios.add(Map.of(FILLS_A_BATCH, failure));
      scenarios.add(Map.of(IN_LAST_BATCH, failure));
      scenarios.add(Map.of(EARLY, failure, FILLS_A_BATCH, failure, IN_LAST_BATCH, failure));
    }
    scenarios.add(
        Map.of(EARLY, Failure.SCHEMA_ERROR, FILLS_A_BATCH, Failure.VERSION_CONFLICT,
            IN_LAST_BATCH, Failure.REMOTE_EMBEDDER));
    int compared = 0;
    Set<Integer> statusesSeen = new TreeSet<>();
    for (Map<Integer, Failure> scenario : scenarios) {
      for (String mode : maxErrorsModes) {
        UpdateOutcome single = run("single", scenario, mode, false);
        UpdateOutcome batched = run("batched", scenario, mode, true);
        String what = "failures " + new java.util.TreeMap<>(scenario) + ", maxErrors " + mode;
        assertEquals(what, expected(scenario, mode), single);
        assertEquals(what, single, batched);
        statusesSeen.add(single.status());
        compared++;
      }
    }
    assertEquals(52, compared);
    assertTrue("saw " + statusesSeen, statusesSeen.containsAll(Set.of(200, 400, 409, 503)));
  }

  /** A held document that fails when the request finishes still lets the rest of the chain finish. */
  @Test
  public void theRestOfTheChainFinishesWhenTheLastBatchFails() throws Exception {
    int finishedBefore = FinishCounterProcessorFactory.FINISHED.get();
    String docs =
        "[{\"id\":\"fin-1\",\"text\":\"one\"},{\"id\":\"fin-2\",\"text\":\"two " + FAIL_MARKER
            + "\"}]";
    UpdateOutcome outcome =
        UpdateOutcome.of(node, "batched", Map.of("update.chain", "counted"), docs, "fin-");
    assertEquals(503, outcome.status());
    assertEquals(Set.of("fin-1"), outcome.indexedIds());
    assertEquals("finish() of the processor after the failed one", finishedBefore + 1,
        FinishCounterProcessorFactory.FINISHED.get());
  }

  /** Two shards: other shards' leaders report by id at the end; all failures tolerated. */
  @Test
  public void onTwoShardsToleratedFailuresAreReportedByTheirIds() throws Exception {
    Map<Integer, Failure> scenario =
        Map.of(EARLY, Failure.SCHEMA_ERROR, FILLS_A_BATCH, Failure.VERSION_CONFLICT,
            IN_LAST_BATCH, Failure.REMOTE_EMBEDDER, 5, Failure.SCHEMA_ERROR,
            9, Failure.VERSION_CONFLICT);
    UpdateOutcome single = run("single2", scenario, "-1", false);
    UpdateOutcome batched = run("batched2", scenario, "-1", true);
    assertEquals(single, batched);
    assertEquals(200, batched.status());
    Set<String> failing = new TreeSet<>();
    scenario.keySet().forEach(i -> failing.add("p" + i));
    assertEquals(failing, batched.reportedIds());
    assertEquals(DOCS - failing.size(), batched.indexedIds().size());
  }

  /**
   * Solr's promise, from TolerantUpdateProcessor: up to maxErrors failures are reported in a 200;
   * failure maxErrors+1 stops the request with the first failure's status, the earlier documents
   * staying indexed; without a tolerant processor the first failure stops the request.
   */
  private static UpdateOutcome expected(Map<Integer, Failure> failures, String mode) {
    List<Integer> failing = new ArrayList<>(new TreeSet<>(failures.keySet()));
    boolean strict = "strict".equals(mode);
    int maxErrors = strict ? 0 : Integer.parseInt(mode) < 0 ? Integer.MAX_VALUE : Integer.parseInt(mode);
    int end = DOCS;
    int status = 200;
    int reportedCount = failing.size();
    if (failing.size() > maxErrors) {
      end = failing.get(maxErrors);
      status = statusOf(failures.get(failing.get(0)));
      reportedCount = maxErrors + 1;
    }
    Set<String> reported = new TreeSet<>();
    if (!strict) {
      failing.subList(0, reportedCount).forEach(i -> reported.add("p" + i));
    }
    Set<String> indexed = new TreeSet<>();
    for (int i = 0; i < end; i++) {
      if (!failures.containsKey(i)) {
        indexed.add("p" + i);
      }
    }
    return new UpdateOutcome(status, reported, indexed);
  }

  private static int statusOf(Failure failure) {
    switch (failure) {
      case SCHEMA_ERROR:
        return 400;
      case VERSION_CONFLICT:
        return 409;
      default:
        return 503;
    }
  }

  /** Each run its own ids, so runs need not empty the collection; read back without the prefix. */
  private static UpdateOutcome run(
      String collection, Map<Integer, Failure> failures, String maxErrors, boolean batched)
      throws Exception {
    String prefix = "run" + (++runs) + "-";
    Map<String, String> params = new LinkedHashMap<>();
    boolean tolerant = !"strict".equals(maxErrors);
    params.put("update.chain", UpdateChains.name(tolerant, batched));
    if (tolerant) {
      params.put("maxErrors", maxErrors);
    }
    UpdateOutcome outcome =
        UpdateOutcome.of(node, collection, params, documents(prefix, failures).toString(), prefix);
    return new UpdateOutcome(
        outcome.status(), strip(prefix, outcome.reportedIds()), strip(prefix, outcome.indexedIds()));
  }

  private static Set<String> strip(String prefix, Set<String> ids) {
    Set<String> stripped = new TreeSet<>();
    for (String id : ids) {
      assertTrue(id, id.startsWith(prefix));
      stripped.add(id.substring(prefix.length()));
    }
    return stripped;
  }

  private static JsonArray documents(String prefix, Map<Integer, Failure> failures) {
    JsonArray docs = new JsonArray();
    for (int i = 0; i < DOCS; i++) {
      JsonObject doc = new JsonObject();
      doc.addProperty("id", prefix + "p" + i);
      Failure failure = failures.get(i);
      doc.addProperty(
          "text", "Passage " + i + (failure == Failure.REMOTE_EMBEDDER ? " " + FAIL_MARKER : ""));
      if (failure == Failure.SCHEMA_ERROR) {
        doc.addProperty("n_i", "not-a-number");
      } else if (failure == Failure.VERSION_CONFLICT) {
        doc.addProperty("_version_", 12345L); // a positive version demands an existing document
      }
      docs.add(doc);
    }
    return docs;
  }

  /** Stub answers for the embedding contract. */
  static final class StubEndpointEmbeddings {
    private StubEndpointEmbeddings() {}

    /** One unit vector per text; HTTP 500 when any text contains the marker. */
    static StubEndpoint.Behaviour failingOn(String marker, int dimension) {
      return (exchange, request) -> {
        JsonArray inputs = request.getAsJsonObject().getAsJsonArray("inputs");
        JsonArray embeddings = new JsonArray();
        for (JsonElement input : inputs) {
          String text = input.getAsString();
          if (text.contains(marker)) {
            StubEndpoint.send(exchange, 500, "{\"message\":\"cannot embed this text\"}");
            return;
          }
          JsonArray vector = new JsonArray();
          int hot = Math.floorMod(text.hashCode(), dimension);
          for (int d = 0; d < dimension; d++) {
            vector.add(d == hot ? 1f : 0f);
          }
          embeddings.add(vector);
        }
        JsonObject answer = new JsonObject();
        answer.add("embeddings", embeddings);
        StubEndpoint.send(exchange, 200, answer.toString());
      };
    }
  }
}
