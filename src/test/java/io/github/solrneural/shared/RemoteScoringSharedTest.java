package io.github.solrneural.shared;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.PlainHttp;
import io.github.solrneural.testing.ScoringServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The scoring server in its own JVM on loopback, serving shared/models/scifact-minilm-ce, called by
 * Solr as a remote model. The 200 reference passages are the corpus; each reference query takes
 * its 20 best passages by BM25 and reranks them. The remote model ranks and scores them as the
 * in-process model does, and once the server is killed mid-run every request still answers HTTP
 * 200 in first-stage order with partialResults=true, each failure counted.
 */
// The test talks plain HTTP (java.net.http), which does not trust the test framework's random SSL.
@org.apache.solr.SolrTestCaseJ4.SuppressSSL(bugUrl = "none: plain-HTTP client")
public class RemoteScoringSharedTest extends SolrCloudTestCase {
  private static final String COLLECTION = "remote";
  private static final float TOLERANCE = 1e-5f;
  private static final int WINDOW = 20;
  /** Queries reranked before the kill, and as many after it. */
  private static final int QUERIES_PER_PHASE = 20;
  private static final Map<String, String> queries = new LinkedHashMap<>();
  private static ScoringServerProcess server;
  private static String nodeUrl;

  @BeforeClass
  public static void startServerAndSolr() throws Exception {
    Path model = ReferencePairs.folder();
    // The same settings as the configset's in-process "reranker" (TorchScript, 256, batches of 16).
    server =
        ScoringServerProcess.start(
            DemoModels.buildDir().resolve("scoring-server.log"),
            "--model", model.toString(), "--engine", "PyTorch", "--kind", "cross-encoder",
            "--maxLength", "256", "--batchSize", "16");
    Path conf =
        NeuralCluster.configsetWith(
            createTempDir("conf-remote"),
            config ->
                NeuralCluster.withModels(
                    config,
                    NeuralCluster.remoteModel("remote_reranker", server.url(), "cross-encoder",
                        Map.of("timeoutMillis", "30000", "retries", "1",
                            "retryBackoffMillis", "50", "maxPairsPerCall", "100"))));
    NeuralCluster.useDemoModels();
    configureCluster(1).addConfig(NeuralCluster.CONFIGSET, conf).configure();
    NeuralCluster.createCollection(cluster.getSolrClient(), cluster, COLLECTION, 1, 1);
    List<ReferencePairs.Pair> pairs = ReferencePairs.load();
    queries.putAll(ReferencePairs.queries(pairs));
    ReferencePairs.index(cluster.getSolrClient(), COLLECTION, pairs);
    nodeUrl = cluster.getJettySolrRunner(0).getBaseUrl().toString();
  }

  @AfterClass
  public static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    System.clearProperty("neural.models.dir");
  }

  private static PlainHttp.Answer search(String queryId, String model) throws Exception {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("q", "{!edismax qf=passage_t v=$qt}");
    params.put("qt", queries.get(queryId));
    params.put("fl", "id,score");
    params.put("rows", String.valueOf(WINDOW));
    if (model != null) {
      params.put(
          "rq", "{!cross_encoder model=" + model + " f=passage_t reRankDocs=" + WINDOW + " v=$qt}");
    }
    return PlainHttp.get(nodeUrl, COLLECTION, "/select", params);
  }

  private static List<String> ids(PlainHttp.Answer answer) {
    List<String> ids = new ArrayList<>();
    for (JsonElement doc : answer.json().getAsJsonObject("response").getAsJsonArray("docs")) {
      ids.add(doc.getAsJsonObject().get("id").getAsString());
    }
    return ids;
  }

  private static List<Float> scores(PlainHttp.Answer answer) {
    List<Float> scores = new ArrayList<>();
    for (JsonElement doc : answer.json().getAsJsonObject("response").getAsJsonArray("docs")) {
      scores.add(doc.getAsJsonObject().get("score").getAsFloat());
    }
    return scores;
  }

  private static JsonObject listed(String name) throws Exception {
    JsonArray models =
        PlainHttp.get(nodeUrl, COLLECTION, "/neural/models", Map.of()).json().getAsJsonArray("models");
    for (JsonElement model : models) {
      if (model.getAsJsonObject().get("name").getAsString().equals(name)) {
        return model.getAsJsonObject();
      }
    }
    throw new AssertionError(name + " is not listed: " + models);
  }

  /**
   * The same documents in the same order, but for passages whose in-process scores tie within the
   * tolerance (the same text under two ids is scored once in-process, and may differ in its last
   * bits between the server's batches): at each rank the other answer's document has the in-process
   * score of that rank.
   */
  private static void assertSameRanking(
      String message, PlainHttp.Answer local, PlainHttp.Answer remote) {
    List<String> localIds = ids(local);
    List<String> remoteIds = ids(remote);
    List<Float> localScores = scores(local);
    assertEquals(message, new java.util.HashSet<>(localIds), new java.util.HashSet<>(remoteIds));
    assertEquals(message, localIds.size(), remoteIds.size());
    for (int rank = 0; rank < localIds.size(); rank++) {
      float scoreOfRemotesDocument = localScores.get(localIds.indexOf(remoteIds.get(rank)));
      assertEquals(message + " rank " + rank + ": " + localIds + " vs " + remoteIds,
          localScores.get(rank), scoreOfRemotesDocument, TOLERANCE);
    }
  }

  @Test
  public void theRemoteModelRanksAsTheInProcessOneAndFallsBackOnceTheServerIsKilled()
      throws Exception {
    List<String> queryIds = new ArrayList<>(queries.keySet()).subList(0, 2 * QUERIES_PER_PHASE);
    int half = QUERIES_PER_PHASE;

    float worst = 0;
    int compared = 0;
    int reordered = 0;
    for (String queryId : queryIds.subList(0, half)) {
      PlainHttp.Answer local = search(queryId, "reranker");
      PlainHttp.Answer remote = search(queryId, "remote_reranker");
      assertEquals(200, remote.status());
      assertNull(remote.partialResults());
      assertSameRanking("query " + queryId, local, remote);
      if (!ids(remote).equals(ids(search(queryId, null)))) {
        reordered++;
      }
      List<Float> localScores = scores(local);
      List<Float> remoteScores = scores(remote);
      for (int i = 0; i < localScores.size(); i++) {
        worst = Math.max(worst, Math.abs(localScores.get(i) - remoteScores.get(i)));
        compared++;
      }
    }
    JsonObject before = listed("remote_reranker");
    System.out.printf(Locale.ROOT,
        "remote vs in-process over %d queries, %d documents (%d windows reordered by the rerank):"
            + " max |score difference| = %.3g; %d calls to the server%n",
        half, compared, reordered, worst, before.get("calls").getAsLong());
    assertTrue("max score difference " + worst, worst <= TOLERANCE);
    assertTrue("the rerank changes most windows: " + reordered, reordered >= half / 2);
    assertEquals(0, before.get("failedRequests").getAsLong());
    assertEquals(half, before.get("calls").getAsLong());

    server.kill();

    int fellBack = 0;
    for (String queryId : queryIds.subList(half, queryIds.size())) {
      PlainHttp.Answer firstStage = search(queryId, null);
      assertTrue("a window of several passages", ids(firstStage).size() > 1);
      PlainHttp.Answer remote = search(queryId, "remote_reranker");
      assertEquals(String.valueOf(remote.errorMessage()), 200, remote.status());
      assertEquals(remote.header().toString(), "true", remote.partialResults());
      assertTrue(remote.partialResultsDetails(),
          remote.partialResultsDetails().contains("cannot reach the endpoint"));
      assertEquals("first-stage order", ids(firstStage), ids(remote));
      assertEquals("first-stage scores", scores(firstStage), scores(remote));
      fellBack++;
    }
    JsonObject after = listed("remote_reranker");
    System.out.printf(Locale.ROOT,
        "after the kill: %d requests answered 200 with partialResults=true in first-stage order;"
            + " listing: failedRequests=%d, failedCalls=%d, rerankFallbacks=%d%n",
        fellBack, after.get("failedRequests").getAsLong(), after.get("failedCalls").getAsLong(),
        after.get("rerankFallbacks").getAsLong());
    assertEquals(fellBack, after.get("failedRequests").getAsLong());
    assertEquals(fellBack, after.get("rerankFallbacks").getAsLong());
    assertEquals("each request tried twice (one retry)", 2L * fellBack,
        after.get("failedCalls").getAsLong());
  }
}
