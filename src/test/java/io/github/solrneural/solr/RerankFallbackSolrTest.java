package io.github.solrneural.solr;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.solrneural.model.CrossEncoder;
import io.github.solrneural.model.CacheLimits;
import io.github.solrneural.model.InferenceObserver;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.PlainHttp;
import io.github.solrneural.testing.QueryLimitsPage;
import io.github.solrneural.testing.StubEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrInputDocument;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The rerank's time budget and remote backends in a real Solr over HTTP, as curl sees it: when the
 * budget runs out or the endpoint fails, the answer is an HTTP 200 in first-stage order flagged
 * partialResults=true (a 503 with partialResults=false), it is counted, and it is never served
 * from the query result cache.
 */
// The test talks plain HTTP (java.net.http), which does not trust the test framework's random SSL.
@org.apache.solr.SolrTestCaseJ4.SuppressSSL(bugUrl = "none: plain-HTTP client")
public class RerankFallbackSolrTest extends SolrCloudTestCase {
  private static final String COLLECTION = "fallback";
  /** Two shards: debugQuery's explanations come from a second request to each shard. */
  private static final String SHARDED = "fallback_sharded";
  private static final String SEED_QUERY = "What is the plan for the economy?";
  private static final String KEY_PROPERTY = "fallback.test.key";
  private static final String KEY = "k3y-that-must-not-be-listed";
  private static final Path TINY =
      DemoModels.projectDir().resolve("src/test/resources/tiny-models").toAbsolutePath().normalize();
  /** A text the fragile models cannot read: they fail at inference on the word "road". */
  private static final String FAILING_TEXT = "the road to inflation";
  private static final String FRAGILE_CHAIN =
      "<updateRequestProcessorChain name=\"fragile\">"
          + "<processor class=\"io.github.solrneural.update.ChunkingEmbeddingUpdateProcessorFactory\">"
          + "<str name=\"inputField\">text</str><str name=\"vectorField\">tiny_vector</str>"
          + "<str name=\"model\">fragile</str><bool name=\"chunking\">false</bool>"
          + "<str name=\"onEmbeddingFailure\">fail</str></processor>"
          + "<processor class=\"solr.RunUpdateProcessorFactory\"/>"
          + "</updateRequestProcessorChain>";
  private static StubEndpoint stub;
  private static String nodeUrl;

  @BeforeClass
  public static void startCluster() throws Exception {
    stub = new StubEndpoint();
    System.setProperty(KEY_PROPERTY, KEY);
    // Port 1 (tcpmux) is below the ephemeral range, so no server of this or another test can take
    // it meanwhile, as one took a port freed here once: nothing listens, the connection is refused.
    String down = "http://127.0.0.1:1/invocations";
    Path conf =
        NeuralCluster.configsetWith(
            createTempDir("conf-fallback"),
            config ->
                NeuralCluster.withModels(
                        // One slot and no queue, so the test can make the reranker busy; no
                        // pair cache, so every rerank here runs the model (budgets, busy slot).
                        NeuralCluster.withModelSettings(config, Map.of("reranker", Map.of(
                            "maxConcurrentInferences", "1", "maxQueuedInferences", "0",
                            "pairCacheEntries", "0"))),
                        NeuralCluster.remoteModel("remote", stub.url(), "cross-encoder",
                            Map.of("timeoutMillis", "1000", "retries", "1",
                                "retryBackoffMillis", "10", "authHeader", "X-Api-Key",
                                "authHeaderProperty", KEY_PROPERTY)),
                        NeuralCluster.remoteModel("remote_patient", stub.url(), "cross-encoder",
                            Map.of("timeoutMillis", "60000", "retries", "0")),
                        NeuralCluster.remoteModel("remote_down", down, "cross-encoder",
                            Map.of("retries", "1", "retryBackoffMillis", "10")),
                        NeuralCluster.localModel("fragile", TINY.resolve("fragile-embedder"),
                            "OnnxRuntime", "embedding", Map.of()),
                        NeuralCluster.localModel("fragile_reranker",
                            TINY.resolve("fragile-cross-encoder"), "OnnxRuntime", "cross-encoder",
                            Map.of()))
                    // The same rerank parser with a time budget as its declared default.
                    .replace(
                        "<updateRequestProcessorChain name=\"neural\"",
                        "<queryParser name=\"cross_encoder_budget\""
                            + " class=\"io.github.solrneural.search.CrossEncoderRerankQParserPlugin\">"
                            + "<str name=\"f\">chunk_text</str><int name=\"reRankTimeAllowed\">1</int>"
                            + "</queryParser><updateRequestProcessorChain name=\"neural\"")
                    .replace("<updateRequestProcessorChain name=\"neural\"", FRAGILE_CHAIN
                        + "<updateRequestProcessorChain name=\"neural\""),
            schema ->
                schema.replace("<fieldType name=\"string\"",
                    "<field name=\"tiny_vector\" type=\"knn_vector_32\" indexed=\"true\""
                        + " stored=\"true\"/><fieldType name=\"knn_vector_32\""
                        + " class=\"solr.DenseVectorField\" vectorDimension=\"32\""
                        + " similarityFunction=\"cosine\"/><fieldType name=\"string\""));
    NeuralCluster.useDemoModels();
    configureCluster(1).addConfig(NeuralCluster.CONFIGSET, conf).configure();
    SolrClient client = cluster.getSolrClient();
    NeuralCluster.createCollection(client, cluster, COLLECTION, 1, 1);
    NeuralCluster.createCollection(client, cluster, SHARDED, 2, 1);
    for (String collection : List.of(COLLECTION, SHARDED)) {
      SolrInputDocument doc = new SolrInputDocument();
      doc.setField("id", "sotu");
      doc.setField("text", DemoModels.demoText());
      client.add(collection, doc);
      client.commit(collection);
    }
    nodeUrl = cluster.getJettySolrRunner(0).getBaseUrl().toString();
  }

  @AfterClass
  public static void stop() {
    if (stub != null) {
      stub.close();
    }
    System.clearProperty("neural.models.dir");
    System.clearProperty(KEY_PROPERTY);
  }

  /** The seed pipeline: the 20 nearest chunks, reranked by the given rq (or not, when null). */
  private static PlainHttp.Answer search(String rerank, String... more) throws Exception {
    return searchIn(COLLECTION, rerank, more);
  }

  private static PlainHttp.Answer searchIn(String collection, String rerank, String... more)
      throws Exception {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("q", "{!knn_text_to_vector model=minilm f=vector topK=20 v=$qt}");
    params.put("qt", SEED_QUERY);
    params.put("fl", "id,chunk_text,score");
    params.put("rows", "20");
    if (rerank != null) {
      params.put("rq", rerank);
    }
    for (int i = 0; i < more.length; i += 2) {
      params.put(more[i], more[i + 1]);
    }
    return PlainHttp.get(nodeUrl, collection, "/select", params);
  }

  private static List<JsonObject> docs(PlainHttp.Answer answer) {
    List<JsonObject> docs = new ArrayList<>();
    for (JsonElement doc : answer.json().getAsJsonObject("response").getAsJsonArray("docs")) {
      docs.add(doc.getAsJsonObject());
    }
    return docs;
  }

  private static List<String> ids(PlainHttp.Answer answer) {
    return docs(answer).stream().map(d -> d.get("id").getAsString()).toList();
  }

  private static List<Float> scores(PlainHttp.Answer answer) {
    return docs(answer).stream().map(d -> d.get("score").getAsFloat()).toList();
  }

  /** One model's entry of the /neural/models listing. */
  private static JsonObject listed(String name) throws Exception {
    JsonArray models =
        PlainHttp.get(nodeUrl, COLLECTION, "/neural/models", Map.of()).json().getAsJsonArray("models");
    for (JsonElement model : models) {
      if (model.getAsJsonObject().get("name").getAsString().equals(name)) {
        return model.getAsJsonObject();
      }
    }
    throw new AssertionError("model " + name + " is not listed: " + models);
  }

  private static long counter(String model, String name) throws Exception {
    return listed(model).get(name).getAsLong();
  }

  /** An answer in first-stage order, flagged partial, with a detail that names the cause. */
  private static void assertFellBack(PlainHttp.Answer answer, PlainHttp.Answer firstStage,
      String model, String cause) {
    assertEquals(String.valueOf(answer.errorMessage()), 200, answer.status());
    assertEquals(answer.header().toString(), "true", answer.partialResults());
    assertEquals("first-stage order: " + answer.json(), ids(firstStage), ids(answer));
    assertEquals("first-stage scores", scores(firstStage), scores(answer));
    String details = answer.partialResultsDetails();
    assertNotNull(answer.header().toString(), details);
    assertTrue(details, details.contains("cross-encoder model '" + model + "'"));
    assertTrue(details, details.contains(cause));
  }

  @Test
  public void aSpentBudgetKeepsTheFirstStageOrderAndIsNeverServedFromTheCache() throws Exception {
    PlainHttp.Answer firstStage = search(null);
    assertEquals(20, ids(firstStage).size());
    long fallbacks = counter("reranker", "rerankFallbacks");

    String rerank = "{!cross_encoder model=reranker reRankDocs=20 reRankWeight=7 reRankTimeAllowed=%s v=$qt}";
    PlainHttp.Answer late = search(String.format(rerank, "1"));
    assertFellBack(late, firstStage, "reranker", "reRankTimeAllowed=1 ms exceeded");
    assertEquals(fallbacks + 1, counter("reranker", "rerankFallbacks"));

    // The same rerank with time enough: the budget is not part of the cache key, so only the
    // guard against caching the fallback makes this run the model.
    long passes = counter("reranker", "forwardPasses");
    PlainHttp.Answer complete = search(String.format(rerank, "60000"));
    assertEquals(200, complete.status());
    assertNull(complete.partialResults());
    assertTrue("the model ran", counter("reranker", "forwardPasses") > passes);
    assertNotEquals("reranked", ids(firstStage), ids(complete));
    List<Float> reranked = scores(complete);
    for (int i = 1; i < reranked.size(); i++) {
      assertTrue("descending cross-encoder scores", reranked.get(i) <= reranked.get(i - 1));
    }

    // The cache may still hold the fallback's page, so this searcher caches that rerank no more:
    // each request runs the model, and the tiny budget falls back again.
    passes = counter("reranker", "forwardPasses");
    assertEquals(ids(complete), ids(search(String.format(rerank, "60000"))));
    assertTrue("not from the cache", counter("reranker", "forwardPasses") > passes);
    assertFellBack(search(String.format(rerank, "1")), firstStage, "reranker",
        "reRankTimeAllowed=1 ms exceeded");

    // A rerank that never fell back is cached as before, and then serves even the tiny budget.
    String clean = "{!cross_encoder model=reranker reRankDocs=20 reRankWeight=71 reRankTimeAllowed=%s v=$qt}";
    PlainHttp.Answer first = search(String.format(clean, "60000"));
    assertNull(first.partialResults());
    passes = counter("reranker", "forwardPasses");
    PlainHttp.Answer cached = search(String.format(clean, "1"));
    assertEquals(ids(first), ids(cached));
    assertNull(cached.partialResults());
    assertEquals("served from the cache", passes, counter("reranker", "forwardPasses"));
  }

  @Test
  public void aBudgetDeclaredAsTheParsersDefaultAppliesAndARequestCanLiftIt() throws Exception {
    PlainHttp.Answer firstStage = search(null);
    assertFellBack(
        search("{!cross_encoder_budget model=reranker reRankDocs=20 reRankWeight=8 v=$qt}"),
        firstStage, "reranker", "reRankTimeAllowed=1 ms exceeded");
    PlainHttp.Answer lifted =
        search("{!cross_encoder_budget model=reranker reRankDocs=20 reRankWeight=8 reRankTimeAllowed=-1 v=$qt}");
    assertNull(lifted.partialResults());
    assertNotEquals(ids(firstStage), ids(lifted));
  }

  @Test
  public void partialResultsFalseMakesAnIncompleteRerankA503ThatSaysWhy() throws Exception {
    PlainHttp.Answer refused =
        search("{!cross_encoder model=reranker reRankDocs=20 reRankWeight=9 reRankTimeAllowed=1 v=$qt}",
            "partialResults", "false");
    assertEquals(refused.json().toString(), 503, refused.status());
    String message = refused.errorMessage();
    assertTrue(message, message.contains("cross-encoder model 'reranker' did not complete"));
    assertTrue(message, message.contains("reRankTimeAllowed=1 ms exceeded"));
    assertTrue(message, message.contains("partialResults=false"));

    stub.behave(StubEndpoint.status(500, "{\"error\": \"out of memory\"}"));
    // Each test's rerank differs (here in weight), so none is served from another's cache entry.
    PlainHttp.Answer failed = search(
        "{!cross_encoder model=remote reRankDocs=20 reRankWeight=11 v=$qt}", "partialResults", "false");
    assertEquals(failed.json().toString(), 503, failed.status());
    assertTrue(failed.errorMessage(), failed.errorMessage().contains("HTTP 500"));
  }

  @Test
  public void debugQueryExplainsAFallbackAsTheFirstStageScore() throws Exception {
    PlainHttp.Answer answer =
        search("{!cross_encoder model=reranker reRankDocs=20 reRankTimeAllowed=1 v=$qt}",
            "debugQuery", "true", "rows", "3");
    assertEquals("true", answer.partialResults());
    JsonObject explain = answer.json().getAsJsonObject("debug").getAsJsonObject("explain");
    assertEquals(3, explain.size());
    for (Map.Entry<String, JsonElement> entry : explain.entrySet()) {
      String text = entry.getValue().getAsString();
      assertTrue(text, text.contains("did not complete: reRankTimeAllowed=1 ms exceeded"));
      assertTrue(text, text.contains("first-stage score"));
    }
  }

  @Test
  public void badBudgetsAreBadRequestsNamingTheParameter() throws Exception {
    for (String bad : new String[] {"0", "-5", "soon"}) {
      PlainHttp.Answer answer =
          search("{!cross_encoder model=reranker reRankTimeAllowed=" + bad + " v=$qt}");
      assertEquals(400, answer.status());
      assertTrue(answer.errorMessage(), answer.errorMessage().contains("'reRankTimeAllowed'"));
    }
  }

  @Test
  public void aRemoteModelReranksWithTheEndpointsScores() throws Exception {
    stub.behave(StubEndpoint.failingFirst(1, 503, StubEndpoint.scoring(String::length)));
    long retried = counter("remote", "retriedCalls");
    PlainHttp.Answer firstStage = search(null);
    PlainHttp.Answer answer = search("{!cross_encoder model=remote reRankDocs=20 v=$qt}");
    assertEquals(200, answer.status());
    assertNull(answer.partialResults());
    assertEquals("one 503, then a retry that worked", retried + 1, counter("remote", "retriedCalls"));
    // The endpoint scores a passage by its length: the window sorted by length, ties in KNN order.
    List<JsonObject> expected = new ArrayList<>(docs(firstStage));
    expected.sort(Comparator.comparingInt((JsonObject d) -> -d.get("chunk_text").getAsString().length()));
    assertEquals(expected.stream().map(d -> d.get("id").getAsString()).toList(), ids(answer));
    for (JsonObject doc : docs(answer)) {
      assertEquals(doc.get("chunk_text").getAsString().length(), doc.get("score").getAsFloat(), 0f);
    }
    assertEquals(KEY, stub.received().get(stub.received().size() - 1).headers().getFirst("X-Api-Key"));
    JsonObject listing = listed("remote");
    assertEquals("remote", listing.get("backend").getAsString());
    assertEquals("header X-Api-Key from system property " + KEY_PROPERTY,
        listing.get("authHeader").getAsString());
    assertFalse(listing.toString(), listing.toString().contains(KEY));
  }

  @Test
  public void everyFailureOfTheEndpointFallsBackCountedAndUncached() throws Exception {
    PlainHttp.Answer firstStage = search(null);
    String rerank = "{!cross_encoder model=remote reRankDocs=20 reRankWeight=3 v=$qt}";
    Map<String, StubEndpoint.Behaviour> failures = new LinkedHashMap<>();
    failures.put("answered HTTP 500", StubEndpoint.status(500, "{\"error\": \"boom\"}"));
    failures.put("malformed JSON", StubEndpoint.status(200, "{\"scores\": [1, 2"));
    failures.put("holds 19 values for 20 pairs", StubEndpoint.oneScoreShort());
    failures.put("no answer within timeoutMillis=1000", stub.hanging());
    for (Map.Entry<String, StubEndpoint.Behaviour> failure : failures.entrySet()) {
      stub.behave(failure.getValue());
      long failed = counter("remote", "failedRequests");
      long fallbacks = counter("remote", "rerankFallbacks");
      assertFellBack(search(rerank), firstStage, "remote", failure.getKey());
      assertEquals(failure.getKey(), failed + 1, counter("remote", "failedRequests"));
      assertEquals(failure.getKey(), fallbacks + 1, counter("remote", "rerankFallbacks"));
    }
    // Back up: the same request is reranked, not served from the cache.
    stub.behave(StubEndpoint.scoring(String::length));
    PlainHttp.Answer recovered = search(rerank);
    assertNull(recovered.partialResults());
    assertNotEquals(ids(firstStage), ids(recovered));
  }

  @Test
  public void anEndpointThatIsDownFallsBack() throws Exception {
    PlainHttp.Answer firstStage = search(null);
    long calls = counter("remote_down", "calls");
    assertFellBack(search("{!cross_encoder model=remote_down reRankDocs=20 v=$qt}"), firstStage,
        "remote_down", "cannot reach the endpoint");
    assertEquals("one call and one retry", calls + 2, counter("remote_down", "calls"));
  }

  @Test
  public void solrsTimeAllowedCutsASlowEndpointShort() throws Exception {
    PlainHttp.Answer firstStage = search(null);
    stub.behave(stub.hanging());
    long start = System.nanoTime();
    PlainHttp.Answer answer =
        search("{!cross_encoder model=remote_patient reRankDocs=20 v=$qt}", "timeAllowed", "5000");
    long millis = (System.nanoTime() - start) / 1_000_000;
    if (QueryLimitsPage.KEPT) {
      assertFellBack(answer, firstStage, "remote_patient", "timeAllowed=5000 ms exceeded");
    } else {
      // Solr 10 returns no page once the request's limits ran out; the detail is still the rerank's.
      assertEquals(String.valueOf(answer.errorMessage()), 200, answer.status());
      assertEquals(answer.header().toString(), "true", answer.partialResults());
      assertEquals(List.of(), ids(answer));
      String details = answer.partialResultsDetails();
      assertTrue(String.valueOf(details), details != null
          && details.contains("cross-encoder model 'remote_patient'")
          && details.contains("timeAllowed=5000 ms exceeded"));
    }
    assertTrue("cut at timeAllowed, not at the 60 s timeout: " + millis + " ms", millis < 30_000);
  }

  @Test
  public void explainingOnAShardKeepsTheRerankBudget() throws Exception {
    PlainHttp.Answer answer =
        searchIn(SHARDED,
            "{!cross_encoder model=reranker reRankDocs=20 reRankWeight=13 reRankTimeAllowed=1 v=$qt}",
            "debugQuery", "true", "rows", "3");
    assertEquals(String.valueOf(answer.errorMessage()), 200, answer.status());
    assertEquals("true", answer.partialResults());
    JsonObject explain = answer.json().getAsJsonObject("debug").getAsJsonObject("explain");
    assertEquals(3, explain.size());
    for (Map.Entry<String, JsonElement> entry : explain.entrySet()) {
      String text = entry.getValue().getAsString();
      assertTrue(text, text.contains("did not complete: reRankTimeAllowed=1 ms exceeded"));
      assertTrue(text, text.contains("first-stage score"));
      assertFalse(text, text.contains("cross-encoder logit"));
    }
  }

  @Test
  public void explanationsOfACompleteRerankKeepTheirOwnBudget() throws Exception {
    String rerank =
        "{!cross_encoder model=reranker reRankDocs=20 reRankWeight=19 reRankTimeAllowed=%s v=$qt}";
    // Complete and cached on the shard: the debug requests' first phase comes from the cache
    // (the budget is not part of the key), and only their explanations run out of time.
    PlainHttp.Answer complete = searchIn(SHARDED, String.format(rerank, "60000"), "rows", "3");
    assertNull(complete.partialResults());
    PlainHttp.Answer explained =
        searchIn(SHARDED, String.format(rerank, "1"), "debugQuery", "true", "rows", "3");
    assertEquals(String.valueOf(explained.errorMessage()), 200, explained.status());
    assertEquals(ids(complete), ids(explained));
    JsonObject explain = explained.json().getAsJsonObject("debug").getAsJsonObject("explain");
    assertEquals(3, explain.size());
    for (Map.Entry<String, JsonElement> entry : explain.entrySet()) {
      String text = entry.getValue().getAsString();
      assertTrue(text, text.contains("did not complete: reRankTimeAllowed=1 ms exceeded"));
      assertFalse(text, text.contains("cross-encoder logit"));
    }
    PlainHttp.Answer refused =
        searchIn(SHARDED, String.format(rerank, "1"), "debugQuery", "true", "rows", "3",
            "partialResults", "false");
    assertEquals(refused.json().toString(), 503, refused.status());
    assertTrue(refused.errorMessage(), refused.errorMessage().contains("partialResults=false"));
  }

  @Test
  public void aBusyModelWhileExplainingOnAShardIsA503() throws Exception {
    String rerank = "{!cross_encoder model=reranker reRankDocs=20 reRankWeight=17 v=$qt}";
    // Cached on the shard, so the debug request's first phase needs no model; its explanations do.
    assertEquals(200, searchIn(SHARDED, rerank, "rows", "3").status());
    ModelSpec configset = DemoModels.configsetRerankerSpec();
    ModelSpec spec =
        ModelSpec.builder(configset.folder(), configset.engine(), configset.kind())
            .maxLength(configset.maxLength())
            .pooling(configset.pooling())
            .normalize(configset.normalize())
            .batchSize(configset.batchSize())
            .maxConcurrentInferences(1)
            .maxQueuedInferences(0)
            .maxQueueWaitMillis(ModelSpec.NO_WAIT_LIMIT)
            .pairCache(new CacheLimits(0, CacheLimits.DEFAULT_PAIRS.bytes()))
            .build();
    LoadedModel model = ModelRegistry.get().acquire(spec);
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean armed = new AtomicBoolean(true);
    InferenceObserver holdTheSlot =
        new InferenceObserver() {
          @Override
          public void forwardPass(int items, int truncatedItems, long nanos) {
            if (armed.compareAndSet(true, false)) {
              holding.countDown();
              try {
                release.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }

          @Override
          public void failure() {}
        };
    model.addObserver(holdTheSlot);
    Thread holder = new Thread(() -> new CrossEncoder(model).score("hold", List.of("the slot")));
    try {
      holder.start();
      assertTrue("the test holds the only slot", holding.await(60, TimeUnit.SECONDS));
      long rejected = model.rejections();
      PlainHttp.Answer answer = searchIn(SHARDED, rerank, "debugQuery", "true", "rows", "3");
      assertEquals(answer.json().toString(), 503, answer.status());
      assertTrue(answer.errorMessage(), answer.errorMessage().contains("model 'reranker' is busy"));
      assertFalse("no server path: " + answer.errorMessage(),
          answer.errorMessage().contains(DemoModels.projectDir().toString()));
      assertTrue("refused by the gate", model.rejections() > rejected);
    } finally {
      release.countDown();
      holder.join(60_000);
      model.removeObserver(holdTheSlot);
      ModelRegistry.get().release(spec);
    }
    assertEquals("serves again", 200,
        searchIn(SHARDED, rerank, "debugQuery", "true", "rows", "3").status());
  }

  @Test
  public void anAuthHeaderValueThatTurnsBadIsACountedFallbackThatNoAnswerOrLogLineShows()
      throws Exception {
    PlainHttp.Answer firstStage = search(null);
    String rerank = "{!cross_encoder model=remote reRankDocs=20 reRankWeight=13 v=$qt}";
    long failed = counter("remote", "failedRequests");
    int received = stub.received().size();
    List<String> logged;
    List<String> bodies = new ArrayList<>();
    try (SolrLog log = new SolrLog()) {
      // A secret file's trailing newline, read after the core loaded.
      System.setProperty(KEY_PROPERTY, KEY + "\n");
      PlainHttp.Answer partial = search(rerank);
      bodies.add(partial.json().toString());
      assertFellBack(partial, firstStage, "remote", "system property " + KEY_PROPERTY);
      PlainHttp.Answer refused = search(rerank, "partialResults", "false");
      bodies.add(refused.json().toString());
      assertEquals(refused.json().toString(), 503, refused.status());
      bodies.add(PlainHttp.get(nodeUrl, COLLECTION, "/neural/models", Map.of()).json().toString());
      logged = log.lines();
    } finally {
      System.setProperty(KEY_PROPERTY, KEY);
    }
    assertEquals("two failed requests", failed + 2, counter("remote", "failedRequests"));
    assertEquals("nothing was sent", received, stub.received().size());
    assertTrue("the failures were logged", logged.stream().anyMatch(line -> line.contains(KEY_PROPERTY)));
    for (String text : bodies) {
      assertFalse(text, text.contains(KEY));
    }
    for (String line : logged) {
      assertFalse(line, line.contains(KEY));
    }
  }

  @Test
  public void aLocalModelThatFailsAtInferenceIsNamedAndItsFolderIsNeverShown() throws Exception {
    String folder = TINY.toString();
    PlainHttp.Answer knn = PlainHttp.get(nodeUrl, COLLECTION, "/select",
        Map.of("q", "{!knn_text_to_vector model=fragile f=tiny_vector v=$qt}", "qt", FAILING_TEXT));
    assertEquals(knn.json().toString(), 500, knn.status());
    assertTrue(knn.errorMessage(),
        knn.errorMessage().contains("embedding model 'fragile' failed at inference"));
    assertFalse(knn.json().toString(), knn.json().toString().contains(folder));

    PlainHttp.Answer rerank = PlainHttp.get(nodeUrl, COLLECTION, "/select",
        Map.of("q", "id:sotu", "rq", "{!cross_encoder model=fragile_reranker f=text v=$qt}",
            "qt", FAILING_TEXT));
    assertEquals(rerank.json().toString(), 500, rerank.status());
    assertTrue(rerank.errorMessage(),
        rerank.errorMessage().contains("cross-encoder model 'fragile_reranker' failed at inference"));
    assertFalse(rerank.json().toString(), rerank.json().toString().contains(folder));

    HttpResponse<String> update = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(
                nodeUrl + "/" + COLLECTION + "/update?update.chain=fragile&wt=json"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(
                "[{\"id\": \"fragile-failing\", \"text\": \"" + FAILING_TEXT + "\"}]"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(update.body(), 500, update.statusCode());
    assertTrue(update.body(), update.body().contains(
        "document 'fragile-failing' was not indexed: embedding model 'fragile' failed at inference"));
    assertFalse(update.body(), update.body().contains(folder));
  }

  /** Every event Solr logs meanwhile, as a line with the text of any exception and its causes. */
  private static final class SolrLog implements AutoCloseable {
    private final Queue<LogEvent> events = new ConcurrentLinkedQueue<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final AbstractAppender appender =
        new AbstractAppender("secret-watch", null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            events.add(event.toImmutable());
          }
        };

    SolrLog() {
      appender.start();
      context.getConfiguration().getRootLogger().addAppender(appender, null, null);
      context.updateLoggers();
    }

    List<String> lines() {
      List<String> lines = new ArrayList<>();
      for (LogEvent event : events) {
        StringBuilder line = new StringBuilder(event.getMessage().getFormattedMessage());
        for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
          line.append(" | ").append(t);
        }
        lines.add(line.toString());
      }
      return lines;
    }

    @Override
    public void close() {
      context.getConfiguration().getRootLogger().removeAppender(appender.getName());
      context.updateLoggers();
      appender.stop();
    }
  }
}
