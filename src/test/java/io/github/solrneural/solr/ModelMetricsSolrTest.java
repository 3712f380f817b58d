package io.github.solrneural.solr;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.solrneural.store.ModelStoreHandler;
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
 * in the node's registry; the admin UI's Plugins / Stats screen (/admin/mbeans) shows the model
 * store, both query parsers and the update processor with their statistics; a reloaded core finds
 * its new model store.
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
    long before = forwardPassesInEveryRegistry();
    int queries = 3;
    for (int i = 0; i < queries; i++) {
      knn(FIRST, "lower prices for families " + i);
      knn(SECOND, "roads and bridges " + i);
    }
    // A short query text is one forward pass; a monitor summing over registries sees each once.
    assertEquals(2 * queries, forwardPassesInEveryRegistry() - before);

    String prefix = listed(FIRST, "minilm").get("metricsPrefix").getAsString();
    assertEquals("neural.model." + DemoModels.EMBEDDER, prefix);
    assertEquals(prefix, listed(SECOND, "minilm").get("metricsPrefix").getAsString());
    assertEquals("node", listed(SECOND, "minilm").get("metricsGroup").getAsString());
    long node = nodeMetric(prefix + ".forwardPasses");
    knn(SECOND, "one more");
    assertEquals(node + 1, nodeMetric(prefix + ".forwardPasses"));
    assertEquals(384, nodeMetric(prefix + ".outputDimension"));
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

    JsonObject beans = mbeans(coreName(FIRST));
    JsonObject store = bean(beans, "QUERY", "/neural/models");
    assertEquals(ModelStoreHandler.class.getName(), store.get("class").getAsString());
    assertTrue(store.toString(), store.get("description").getAsString().contains("models"));
    assertTrue(store.toString(), stat(store, "QUERY./neural/models.requests") >= 1);
    assertTrue(store.toString(),
        store.getAsJsonObject("stats").has("QUERY./neural/models.model.reranker.rerankFallbacks"));

    for (String parser : new String[] {"TextToVectorQParserPlugin", "CrossEncoderRerankQParserPlugin"}) {
      String name = "io.github.solrneural.search." + parser;
      JsonObject plugin = bean(beans, "QUERYPARSER", name);
      assertTrue(plugin.toString(), plugin.get("description").getAsString().contains("model"));
      assertTrue(plugin.toString(), stat(plugin, "QUERYPARSER." + name + ".parsedQueries") >= 1);
    }

    JsonObject processor = bean(beans, "UPDATE", "neural.text.vector");
    assertEquals("io.github.solrneural.update.ChunkingEmbeddingUpdateProcessorFactory",
        processor.get("class").getAsString());
    assertTrue(processor.toString(),
        processor.get("description").getAsString().contains("model 'minilm'"));
    assertTrue(processor.toString(),
        stat(processor, "UPDATE.neural.text.vector.documentsEmbedded") >= 1);
    assertTrue(processor.toString(), stat(processor, "UPDATE.neural.text.vector.chunksProduced") >= 1);
    bean(beans, "UPDATE", "neural.title+text.vector");
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
    String prefix = listed(SECOND, "minilm").get("metricsPrefix").getAsString();
    long passes = nodeMetric(prefix + ".forwardPasses");
    knn(SECOND, "after the reload");
    assertEquals("the node's metrics outlive the reload", passes + 1,
        nodeMetric(prefix + ".forwardPasses"));
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

  /** Every counter named *.forwardPasses in the node's and the cores' registries, summed. */
  private static long forwardPassesInEveryRegistry() throws Exception {
    JsonObject registries = PlainHttp.get(nodeUrl, "admin", "/metrics",
        Map.of("group", "node,core", "type", "counter")).json().getAsJsonObject("metrics");
    long sum = 0;
    for (Map.Entry<String, JsonElement> registry : registries.entrySet()) {
      for (Map.Entry<String, JsonElement> metric :
          registry.getValue().getAsJsonObject().entrySet()) {
        if (metric.getKey().endsWith(".forwardPasses")) {
          sum += count(metric.getValue());
        }
      }
    }
    return sum;
  }

  private static long nodeMetric(String name) throws Exception {
    JsonObject node = PlainHttp.get(nodeUrl, "admin", "/metrics",
        Map.of("group", "node", "prefix", name)).json().getAsJsonObject("metrics")
        .getAsJsonObject("solr.node");
    assertTrue("metric " + name + " in " + node, node.has(name));
    return count(node.get(name));
  }

  private static long count(JsonElement value) {
    return value.isJsonObject() ? value.getAsJsonObject().get("count").getAsLong() : value.getAsLong();
  }

  /** /admin/mbeans?stats=true: categories and beans as the admin UI's Plugins / Stats reads them. */
  private static JsonObject mbeans(String core) throws Exception {
    JsonArray flat = PlainHttp.get(nodeUrl, core, "/admin/mbeans", Map.of("stats", "true"))
        .json().getAsJsonArray("solr-mbeans");
    JsonObject categories = new JsonObject();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      categories.add(flat.get(i).getAsString(), flat.get(i + 1));
    }
    return categories;
  }

  private static JsonObject bean(JsonObject beans, String category, String key) {
    JsonObject inCategory = beans.getAsJsonObject(category);
    assertNotNull("category " + category + " in " + beans.keySet(), inCategory);
    assertTrue(key + " in " + category + ": " + inCategory.keySet(), inCategory.has(key));
    return inCategory.getAsJsonObject(key);
  }

  private static long stat(JsonObject bean, String name) {
    JsonObject stats = bean.getAsJsonObject("stats");
    assertNotNull("stats of " + bean, stats);
    assertTrue(name + " in " + stats, stats.has(name));
    return count(stats.get(name));
  }
}
