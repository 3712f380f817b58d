package io.github.solrneural.solr;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.solrneural.model.InferenceObserver;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.testing.AdminMetrics;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.PlainHttp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The inference caches on a real Solr: a repeated KNN query text is a query-cache hit; a reranked
 * query asked again with an fq that matches every document (Solr's result cache misses), with a
 * larger reRankDocs, with another reRankOperator and with debugQuery sends the model only the pairs
 * it has not scored, and gives the scores of a collection whose models have the caches at 0.
 */
@org.apache.solr.SolrTestCaseJ4.SuppressSSL(bugUrl = "none: plain-HTTP client")
public class InferenceCachesSolrTest extends SolrCloudTestCase {
  private static final String CACHED = "caches_on";
  private static final String UNCACHED = "caches_off";
  private static final int DOCS = 40;
  private static String nodeUrl;
  private static final Map<String, AtomicLong> PAIRS_SENT = new HashMap<>();
  private static final List<Runnable> CLEANUP = new ArrayList<>();

  @BeforeClass
  public static void startCluster() throws Exception {
    System.setProperty("metricsEnabled", "true");
    NeuralCluster.useDemoModels();
    Path off = NeuralCluster.configsetWithModelSettings(createTempDir("caches-off"), Map.of(
        "minilm", Map.of("queryCacheEntries", "0"), "reranker", Map.of("pairCacheBytes", "0")));
    configureCluster(1)
        .addConfig(NeuralCluster.CONFIGSET, DemoModels.projectDir().resolve("solr-config/conf"))
        .addConfig("neural_caches_off", off)
        .configure();
    NeuralCluster.createCollection(cluster.getSolrClient(), cluster, CACHED, 1, 1);
    CollectionAdminRequest.createCollection(UNCACHED, "neural_caches_off", 1, 1)
        .process(cluster.getSolrClient());
    cluster.waitForActiveCollection(UNCACHED, 1, 1);
    nodeUrl = cluster.getJettySolrRunner(0).getBaseUrl().toString();
    String[] paragraphs = DemoModels.demoText().split("\n\\s*\n");
    StringBuilder docs = new StringBuilder("[");
    for (int i = 0, added = 0; added < DOCS && i < paragraphs.length; i++) {
      String text = paragraphs[i].trim();
      if (text.length() > 80) {
        docs.append(added == 0 ? "" : ",").append("{\"id\":\"p").append(added++)
            .append("\",\"text\":").append(new com.google.gson.JsonPrimitive(text)).append('}');
      }
    }
    docs.append(']');
    for (String collection : List.of(CACHED, UNCACHED)) {
      PlainHttp.Answer indexed = PlainHttp.postJson(nodeUrl, collection, "/update",
          Map.of("commit", "true"), docs.toString());
      assertEquals(indexed.json().toString(), 200, indexed.status());
    }
    ModelSpec reranker = DemoModels.configsetRerankerSpec();
    countPairs(CACHED, reranker);
    countPairs(UNCACHED, reranker.toBuilder()
        .pairCache(new io.github.solrneural.model.CacheLimits(reranker.pairCache().entries(), 0))
        .build());
  }

  /** Counts the pairs each collection's reranker runs, through the model's observer. */
  private static void countPairs(String collection, ModelSpec spec) throws Exception {
    LoadedModel model = ModelRegistry.get().acquire(spec);
    AtomicLong pairs = new AtomicLong();
    InferenceObserver observer = new InferenceObserver() {
      @Override
      public void forwardPass(int items, int truncatedItems, long nanos) {
        pairs.addAndGet(items);
      }

      @Override
      public void failure() {}
    };
    model.addObserver(observer);
    PAIRS_SENT.put(collection, pairs);
    CLEANUP.add(() -> {
      model.removeObserver(observer);
      ModelRegistry.get().release(spec);
    });
  }

  @AfterClass
  public static void release() {
    CLEANUP.forEach(Runnable::run);
    System.clearProperty("metricsEnabled");
  }

  @Test
  public void theSameKnnQueryTextIsEmbeddedOnce() throws Exception {
    String text = "what does the plan do for prices";
    JsonObject before = cache(CACHED, "minilm", "queryCache");
    long nodeHits = AdminMetrics.model(nodeUrl, DemoModels.EMBEDDER, "queryCacheHits");
    Map<String, Float> first = search(CACHED, Map.of("q", knn(10), "qt", text));
    Map<String, Float> second = search(CACHED, Map.of("q", knn(10), "qt", text, "rows", "9"));
    JsonObject after = cache(CACHED, "minilm", "queryCache");
    assertEquals(count(before, "misses") + 1, count(after, "misses"));
    assertEquals(count(before, "hits") + 1, count(after, "hits"));
    assertEquals(nodeHits + 1, AdminMetrics.model(nodeUrl, DemoModels.EMBEDDER, "queryCacheHits"));
    assertTrue(count(after, "entries") >= 1);
    assertTrue(count(after, "bytes") > 384 * 4);
    assertEquals(10, first.size());
    first.keySet().retainAll(second.keySet());
    assertEquals(first, second);
    assertEquals("the same vector finds the same neighbours with the same scores",
        search(UNCACHED, Map.of("q", knn(10), "qt", text, "rows", "9")), second);
    assertEquals(0, count(cache(UNCACHED, "minilm", "queryCache"), "entries"));
  }

  @Test
  public void rerankingAgainScoresOnlyTheNewPairs() throws Exception {
    String text = "support for veterans and their families";
    Map<String, String> base = Map.of("q", knn(30), "qt", text, "rows", "30",
        "rq", "{!cross_encoder model=reranker reRankDocs=10 v=$qt}");
    Map<String, String> everyDoc = with(base, "fq", "id:*");
    Map<String, String> larger =
        with(everyDoc, "rq", "{!cross_encoder model=reranker reRankDocs=20 v=$qt}");
    Map<String, String> added = with(everyDoc, "rq",
        "{!cross_encoder model=reranker reRankDocs=20 reRankOperator=add v=$qt}");
    Map<String, String> debug = with(added, "debugQuery", "true");
    // Pairs the model runs: with the caches, only pairs not scored before.
    int[] newPairs = {10, 0, 10, 0, 0};
    int[] everyPair = {10, 10, 20, 20, 20};
    JsonObject before = cache(CACHED, "reranker", "pairCache");
    long nodeLookups = pairLookupsInNodeMetrics();
    int step = 0;
    for (Map<String, String> request : List.of(base, everyDoc, larger, added, debug)) {
      long cachedPairs = PAIRS_SENT.get(CACHED).get();
      long uncachedPairs = PAIRS_SENT.get(UNCACHED).get();
      Map<String, Float> cached = search(CACHED, request);
      Map<String, Float> uncached = search(UNCACHED, request);
      assertEquals("step " + step, newPairs[step], PAIRS_SENT.get(CACHED).get() - cachedPairs);
      assertTrue("step " + step + ": the uncached model scores the window again",
          PAIRS_SENT.get(UNCACHED).get() - uncachedPairs >= everyPair[step]);
      assertEquals(uncached.keySet(), cached.keySet());
      // The first two steps score the same window in the same batches: bitwise equal. Later, the
      // uncached model batches each pair with others than the cached one did: equal up to rounding.
      float tolerance = step < 2 ? 0f : 1e-5f;
      for (Map.Entry<String, Float> hit : uncached.entrySet()) {
        assertEquals("step " + step + " " + hit.getKey(), hit.getValue(),
            cached.get(hit.getKey()), tolerance * Math.max(1, Math.abs(hit.getValue())));
      }
      step++;
    }
    JsonObject after = cache(CACHED, "reranker", "pairCache");
    assertEquals(20, count(after, "misses") - count(before, "misses"));
    assertTrue(count(after, "hits") - count(before, "hits") >= 10 + 10 + 20 + 20);
    assertEquals("Solr's node metrics count what the listing counts",
        count(after, "hits") + count(after, "misses") - count(before, "hits")
            - count(before, "misses"),
        pairLookupsInNodeMetrics() - nodeLookups);
  }

  private static long pairLookupsInNodeMetrics() throws Exception {
    return AdminMetrics.model(nodeUrl, DemoModels.RERANKER, "pairCacheHits")
        + AdminMetrics.model(nodeUrl, DemoModels.RERANKER, "pairCacheMisses");
  }

  private static String knn(int topK) {
    return "{!knn_text_to_vector model=minilm f=vector topK=" + topK + " v=$qt}";
  }

  private static Map<String, String> with(Map<String, String> params, String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(params);
    copy.put(name, value);
    return copy;
  }

  /** Each hit's id and score. */
  private static Map<String, Float> search(String collection, Map<String, String> params)
      throws Exception {
    Map<String, String> request = with(params, "fl", "id,score");
    PlainHttp.Answer answer = PlainHttp.get(nodeUrl, collection, "/select", request);
    assertEquals(answer.json().toString(), 200, answer.status());
    Map<String, Float> scores = new LinkedHashMap<>();
    JsonArray docs = answer.json().getAsJsonObject("response").getAsJsonArray("docs");
    for (JsonElement doc : docs) {
      scores.put(doc.getAsJsonObject().get("id").getAsString(),
          doc.getAsJsonObject().get("score").getAsFloat());
    }
    return scores;
  }

  /** A model's cache as GET /neural/models shows it. */
  private static JsonObject cache(String collection, String model, String cache) throws Exception {
    for (JsonElement entry : PlainHttp.get(nodeUrl, collection, "/neural/models", Map.of())
        .json().getAsJsonArray("models")) {
      if (entry.getAsJsonObject().get("name").getAsString().equals(model)) {
        return entry.getAsJsonObject().getAsJsonObject(cache);
      }
    }
    throw new AssertionError("model " + model + " is not listed");
  }

  private static long count(JsonObject cache, String name) {
    return cache.get(name).getAsLong();
  }
}
