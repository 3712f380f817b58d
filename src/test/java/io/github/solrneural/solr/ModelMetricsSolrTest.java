package io.github.solrneural.solr;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.solrneural.store.ModelStoreHandler;
import io.github.solrneural.testing.AdminMetrics;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.PlainHttp;
import java.util.Map;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.core.CoreContainer;
import org.apache.solr.core.SolrCore;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Two collections on one node share the in-process models: their forward passes are counted once,
 * in the node's registry; the model store, both query parsers and the update processor show with
 * their statistics (Solr 9: the admin UI's Plugins / Stats screen; Solr 10: /admin/metrics); a
 * reloaded core finds its new model store.
 */
@org.apache.solr.SolrTestCaseJ4.SuppressSSL(bugUrl = "none: plain-HTTP client")
public class ModelMetricsSolrTest extends SolrCloudTestCase {
  private static final String FIRST = "metrics_first";
  private static final String SECOND = "metrics_second";
  private static String nodeUrl;

  @BeforeClass
  public static void startCluster() throws Exception {
    // The test framework's solr.xml turns metrics off unless asked; a real Solr has them on.
    System.setProperty("metricsEnabled", "true");
    NeuralCluster.useDemoModels();
    configureCluster(1)
        .addConfig(NeuralCluster.CONFIGSET, DemoModels.projectDir().resolve("solr-config/conf"))
        .configure();
    NeuralCluster.createCollection(cluster.getSolrClient(), cluster, FIRST, 1, 1);
    NeuralCluster.createCollection(cluster.getSolrClient(), cluster, SECOND, 1, 1);
    nodeUrl = cluster.getJettySolrRunner(0).getBaseUrl().toString();
  }

  @AfterClass
  public static void clearMetricsProperty() {
    System.clearProperty("metricsEnabled");
  }

  @Test
  public void twoCoresSharingAModelCountEachForwardPassOnce() throws Exception {
    long before = AdminMetrics.everywhere(nodeUrl, "forwardPasses");
    int queries = 3;
    for (int i = 0; i < queries; i++) {
      knn(FIRST, "lower prices for families " + i);
      knn(SECOND, "roads and bridges " + i);
    }
    // A short query text is one forward pass; a monitor summing over registries sees each once.
    assertEquals(2 * queries, AdminMetrics.everywhere(nodeUrl, "forwardPasses") - before);

    String prefix = listed(FIRST, "minilm").get("metricsPrefix").getAsString();
    assertEquals("neural.model." + DemoModels.EMBEDDER, prefix);
    assertEquals(prefix, listed(SECOND, "minilm").get("metricsPrefix").getAsString());
    assertEquals("node", listed(SECOND, "minilm").get("metricsGroup").getAsString());
    long node = AdminMetrics.model(nodeUrl, DemoModels.EMBEDDER, "forwardPasses");
    knn(SECOND, "one more");
    assertEquals(node + 1, AdminMetrics.model(nodeUrl, DemoModels.EMBEDDER, "forwardPasses"));
    assertEquals(384, AdminMetrics.model(nodeUrl, DemoModels.EMBEDDER, "outputDimension"));
  }

  @Test
  public void theAdminUiShowsTheStoreTheParsersAndTheProcessorWithStatistics() throws Exception {
    PlainHttp.Answer indexed = PlainHttp.postJson(nodeUrl, FIRST, "/update",
        Map.of("commit", "true"), "[{\"id\": \"ui\", \"text\": \"The plan lowers prices.\"}]");
    assertEquals(indexed.json().toString(), 200, indexed.status());
    PlainHttp.Answer reranked = PlainHttp.get(nodeUrl, coreName(FIRST), "/select", Map.of(
        "q", "{!knn_text_to_vector model=minilm f=vector topK=5 v=$qt}",
        "rq", "{!cross_encoder model=reranker reRankDocs=5 v=$qt}",
        "qt", "prices", "distrib", "false"));
    assertEquals(reranked.json().toString(), 200, reranked.status());
    assertEquals(200, PlainHttp.get(nodeUrl, FIRST, "/neural/models", Map.of()).status());

    String core = coreName(FIRST);
    String store = "/neural/models";
    AdminMetrics.assertListed(nodeUrl, core, "QUERY", store, ModelStoreHandler.class.getName(),
        "models");
    assertTrue(AdminMetrics.core(nodeUrl, core, "QUERY", store, "QUERY./neural/models.requests") >= 1);
    assertEquals("no fallback yet", 0, AdminMetrics.core(nodeUrl, core, "QUERY", store,
        "QUERY./neural/models.model.reranker.rerankFallbacks"));

    for (String parser : new String[] {"TextToVectorQParserPlugin", "CrossEncoderRerankQParserPlugin"}) {
      String name = "io.github.solrneural.search." + parser;
      AdminMetrics.assertListed(nodeUrl, core, "QUERYPARSER", name, name, "model");
      assertTrue(name, AdminMetrics.core(nodeUrl, core, "QUERYPARSER", name,
          "QUERYPARSER." + name + ".parsedQueries") >= 1);
    }

    String processor = "neural.text.vector";
    AdminMetrics.assertListed(nodeUrl, core, "UPDATE", processor,
        "io.github.solrneural.update.ChunkingEmbeddingUpdateProcessorFactory", "model 'minilm'");
    assertTrue(AdminMetrics.core(nodeUrl, core, "UPDATE", processor,
        "UPDATE.neural.text.vector.documentsEmbedded") >= 1);
    assertTrue(AdminMetrics.core(nodeUrl, core, "UPDATE", processor,
        "UPDATE.neural.text.vector.chunksProduced") >= 1);
  }

  @Test
  public void aReloadedCoreFindsItsNewModelStore() throws Exception {
    CoreContainer container = cluster.getJettySolrRunner(0).getCoreContainer();
    String core = coreName(SECOND);
    ModelStoreHandler old;
    try (SolrCore loaded = container.getCore(core)) {
      old = ModelStoreHandler.of(loaded);
      assertSame(loaded.getRequestHandler("/neural/models"), old);
    }
    CollectionAdminRequest.reloadCollection(SECOND).process(cluster.getSolrClient());
    try (SolrCore reloaded = container.getCore(core)) {
      ModelStoreHandler store = ModelStoreHandler.of(reloaded);
      assertNotSame(old, store);
      assertSame(reloaded.getRequestHandler("/neural/models"), store);
    }
    assertEquals("neural.model." + DemoModels.EMBEDDER,
        listed(SECOND, "minilm").get("metricsPrefix").getAsString());
    long passes = AdminMetrics.model(nodeUrl, DemoModels.EMBEDDER, "forwardPasses");
    knn(SECOND, "after the reload");
    assertEquals("the node's metrics outlive the reload", passes + 1,
        AdminMetrics.model(nodeUrl, DemoModels.EMBEDDER, "forwardPasses"));
  }

  private static void knn(String collection, String text) throws Exception {
    PlainHttp.Answer answer = PlainHttp.get(nodeUrl, coreName(collection), "/select", Map.of(
        "q", "{!knn_text_to_vector model=minilm f=vector topK=5 v=$qt}", "qt", text,
        "distrib", "false"));
    assertEquals(answer.json().toString(), 200, answer.status());
  }

  private static String coreName(String collection) {
    return cluster.getJettySolrRunner(0).getCoreContainer().getAllCoreNames().stream()
        .filter(name -> name.startsWith(collection + "_"))
        .findFirst()
        .orElseThrow();
  }

  private static JsonObject listed(String collection, String model) throws Exception {
    for (JsonElement entry :
        PlainHttp.get(nodeUrl, collection, "/neural/models", Map.of()).json().getAsJsonArray("models")) {
      if (entry.getAsJsonObject().get("name").getAsString().equals(model)) {
        return entry.getAsJsonObject();
      }
    }
    throw new AssertionError("model " + model + " is not listed");
  }
}
