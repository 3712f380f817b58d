package io.github.solrneural.solr;

import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.SolrClients;
import io.github.solrneural.testing.SolrjQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.GenericSolrRequest;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.util.NamedList;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Saturation over HTTP: with one inference slot per model and a queue of 0 or 1, concurrent
 * requests beyond it get a quick 503 naming the model, the others a 200, and Solr keeps serving.
 * Requests go to the node with a plain HTTP client, as curl would (the cloud client would retry a
 * 503 on another node).
 */
public class SaturationSolrCloudTest extends SolrCloudTestCase {
  private static final String COLLECTION = "saturated";
  private static final int CLIENTS = 8;
  /** Bursts tried before concluding that saturation never refuses anything. */
  private static final int MAX_BURSTS = 5;

  private static SolrClient node;

  @BeforeClass
  public static void startCluster() throws Exception {
    NeuralCluster.useDemoModels();
    Path conf =
        NeuralCluster.configsetWithModelSettings(
            createTempDir("conf-saturated"),
            Map.of(
                "minilm", Map.of("maxConcurrentInferences", "1", "maxQueuedInferences", "0"),
                "reranker", Map.of("maxConcurrentInferences", "1", "maxQueuedInferences", "1")));
    configureCluster(1).addConfig("saturated", conf).configure();
    CollectionAdminRequest.createCollection(COLLECTION, "saturated", 1, 1)
        .process(cluster.getSolrClient());
    cluster.waitForActiveCollection(COLLECTION, 1, 1);
    node =
        SolrClients.http(cluster.getJettySolrRunner(0).getBaseUrl().toString());
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", "sotu");
    doc.setField("text", DemoModels.demoText());
    node.add(COLLECTION, doc);
    node.commit(COLLECTION);
  }

  @AfterClass
  public static void closeClient() throws Exception {
    if (node != null) {
      node.close();
      node = null;
    }
    System.clearProperty("neural.models.dir");
  }

  /** The spec the saturated configset declares for a model, to share its loaded instance. */
  private static ModelSpec saturated(ModelSpec configset, int maxQueued) {
    return ModelSpec.builder(configset.folder(), configset.engine(), configset.kind())
        .maxLength(configset.maxLength())
        .pooling(configset.pooling())
        .normalize(configset.normalize())
        .batchSize(configset.batchSize())
        .maxConcurrentInferences(1)
        .maxQueuedInferences(maxQueued)
        .maxQueueWaitMillis(ModelSpec.NO_WAIT_LIMIT)
        .build();
  }

  /** The HTTP status of one request, with the error message when it failed. */
  private record Outcome(int status, String message) {}

  /** Sends n requests at once, released together, and returns their outcomes. */
  private static List<Outcome> burst(int n, IntFunction<Callable<?>> request) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch ready = new CountDownLatch(n);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Outcome>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<?> call = request.apply(i);
        futures.add(
            threads.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  try {
                    call.call();
                    return new Outcome(200, null);
                  } catch (SolrException e) {
                    if (!SolrClients.REMOTE_ERROR.isInstance(e)) {
                      throw e;
                    }
                    return new Outcome(e.code(), e.getMessage());
                  }
                }));
      }
      ready.await();
      go.countDown();
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> future : futures) {
        outcomes.add(future.get());
      }
      return outcomes;
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * Bursts until one has a 503 (each pass of these requests takes long enough that one burst
   * nearly always does), checking every outcome on the way.
   */
  private static List<Outcome> saturate(IntFunction<Callable<?>> request, String busyMessage)
      throws Exception {
    List<Outcome> all = new ArrayList<>();
    for (int round = 0; round < MAX_BURSTS; round++) {
      int offset = round * CLIENTS;
      List<Outcome> outcomes = burst(CLIENTS, i -> request.apply(offset + i));
      all.addAll(outcomes);
      for (Outcome outcome : outcomes) {
        assertTrue("only 200 or 503: " + outcome, outcome.status() == 200 || outcome.status() == 503);
        if (outcome.status() == 503) {
          assertTrue(outcome.message(), outcome.message().contains(busyMessage));
          assertFalse("no server path in the message: " + outcome.message(),
              outcome.message().contains(DemoModels.projectDir().toString()));
        }
      }
      assertTrue("the first request to arrive always runs: " + outcomes,
          outcomes.stream().anyMatch(o -> o.status() == 200));
      if (outcomes.stream().anyMatch(o -> o.status() == 503)) {
        return all;
      }
    }
    fail(MAX_BURSTS + " bursts of " + CLIENTS + " concurrent requests never saturated the model");
    return all;
  }

  private static long count(List<Outcome> outcomes, int status) {
    return outcomes.stream().filter(o -> o.status() == status).count();
  }

  @Test
  public void concurrentRerankingBeyondTheQueueGets503sAndSolrKeepsServing() throws Exception {
    ModelSpec spec = saturated(DemoModels.configsetRerankerSpec(), 1);
    LoadedModel reranker = ModelRegistry.get().acquire(spec);
    try {
      long rejectedBefore = reranker.rejections();
      // One forward pass of 16 pairs per request; distinct texts keep the result cache out.
      List<Outcome> outcomes =
          saturate(
              i -> () -> node.query(COLLECTION, rerank("What is the plan for the economy? " + i)),
              "model 'reranker' is busy");
      assertEquals("one refused pass per 503", count(outcomes, 503),
          reranker.rejections() - rejectedBefore);
      assertEquals(0, reranker.inferencesQueued());

      assertEquals(3, node.query(COLLECTION, rerank("Who builds the bridges?")).getResults().size());
      String listed = listedModels();
      assertTrue(listed, listed.contains("rejectedInferences=" + reranker.rejections()));
      assertTrue(listed, listed.contains("maxQueuedInferences=1"));
    } finally {
      ModelRegistry.get().release(spec);
    }
  }

  @Test
  public void concurrentKnnQueriesBeyondTheQueueGet503s() throws Exception {
    ModelSpec spec = saturated(DemoModels.configsetEmbedderSpec(), 0);
    LoadedModel embedder = ModelRegistry.get().acquire(spec);
    try {
      long rejectedBefore = embedder.rejections();
      // A long query text makes the one embedding pass of each request last.
      String longText = DemoModels.demoText().substring(0, 1500);
      List<Outcome> outcomes =
          saturate(
              i -> () -> {
                SolrjQuery query = new SolrjQuery("{!knn_text_to_vector model=minilm f=vector topK=5 v=$qt}");
                query.set("qt", i + " " + longText);
                return node.query(COLLECTION, query);
              },
              "model 'minilm' is busy");
      assertEquals(count(outcomes, 503), embedder.rejections() - rejectedBefore);
      SolrjQuery after = new SolrjQuery("{!knn_text_to_vector model=minilm f=vector topK=5 v=$qt}");
      after.set("qt", "inflation");
      assertEquals(5, node.query(COLLECTION, after).getResults().size());
    } finally {
      ModelRegistry.get().release(spec);
    }
  }

  @Test
  public void concurrentUpdatesBeyondTheQueueGet503sAndARefusedUpdateLeavesNothingBehind()
      throws Exception {
    String text = DemoModels.demoText().substring(0, 9000); // about 20 chunks: one pass each
    List<Outcome> outcomes =
        saturate(
            i -> () -> {
              SolrInputDocument doc = new SolrInputDocument();
              doc.setField("id", "update-" + i);
              doc.setField("text", text);
              return node.add(COLLECTION, doc);
            },
            "model 'minilm' is busy");
    node.commit(COLLECTION);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      if (outcomes.get(i).status() == 200) {
        expected.add("update-" + i);
      }
    }
    SolrjQuery parents = new SolrjQuery("id:update-* -_nest_path_:*");
    parents.setRows(1000);
    parents.setFields("id");
    parents.setSort("id", SolrjQuery.ORDER.asc);
    List<String> indexed = new ArrayList<>();
    node.query(COLLECTION, parents).getResults()
        .forEach(d -> indexed.add((String) d.getFieldValue("id")));
    expected.sort(null);
    assertEquals("exactly the accepted updates are indexed", expected, indexed);
  }

  private static SolrjQuery rerank(String text) {
    SolrjQuery query = new SolrjQuery("_nest_path_:*");
    query.set("rq", "{!cross_encoder model=reranker reRankDocs=16 v=$qt}");
    query.set("qt", text);
    query.setRows(3);
    return query;
  }

  private static String listedModels() throws Exception {
    GenericSolrRequest request =
        new GenericSolrRequest(SolrRequest.METHOD.GET, "/neural/models", new ModifiableSolrParams());
    request.setRequiresCollection(true);
    NamedList<Object> response = node.request(request, COLLECTION);
    return response.get("models").toString();
  }
}
