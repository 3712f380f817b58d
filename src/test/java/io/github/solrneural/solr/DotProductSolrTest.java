package io.github.solrneural.solr;

import io.github.solrneural.model.Embedder;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.Vectors;
import io.github.solrneural.testing.SolrClients;
import io.github.solrneural.testing.SolrjQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.CollectionAdminRequest.RequestStatusResponse;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.RequestStatusState;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A dot-product model (vectors kept as the model gives them, normalize=false) fills a
 * maximum_inner_product field, and KNN ranks by the exact dot products; the same model aimed at a
 * dot_product field, which takes unit vectors, is refused at core load and at query time.
 */
public class DotProductSolrTest extends SolrCloudTestCase {
  private static final String COLLECTION = "dot";
  private static final Path TINY_DOT =
      DemoModels.projectDir().resolve("src/test/resources/tiny-models/tiny-dot-embedder");
  private static final String QUERY = "What is the plan for jobs and prices?";
  private static final List<String> TEXTS = List.of(
      "solr", "The economy is a model of many markets: jobs, prices, inflation and growth.",
      "Café Économie", "naïve résumé", "zyxwvut quokka frobnicates", "price 5€ and ¥10",
      "Solr 搜索 引擎 vector", "  Hello,   WORLD!!  (search)  ", "U.S. inflation rate: 3.5% in 2023",
      "jobs jobs jobs", "the weather was good and the sun was out", "books for students");
  private static SolrClient node;

  @BeforeClass
  public static void startCluster() throws Exception {
    NeuralCluster.useDemoModels();
    configureCluster(1)
        .addConfig(NeuralCluster.CONFIGSET, configset("conf-dot", "dot_vector"))
        .addConfig("unit_dot", configset("conf-unit-dot", "unit_dot_vector"))
        .configure();
    NeuralCluster.createCollection(cluster.getSolrClient(), cluster, COLLECTION, 1, 1);
    node = SolrClients.http(cluster.getJettySolrRunner(0).getBaseUrl().toString());
  }

  @AfterClass
  public static void closeClient() throws Exception {
    if (node != null) {
      node.close();
      node = null;
    }
    System.clearProperty("neural.models.dir");
  }

  /** The project's configset plus the dot model and a chain that fills the given field with it. */
  private static Path configset(String dir, String vectorField) throws Exception {
    String chain = "<updateRequestProcessorChain name=\"dot\">"
        + "<processor class=\"io.github.solrneural.update.ChunkingEmbeddingUpdateProcessorFactory\">"
        + "<str name=\"inputField\">text</str><str name=\"vectorField\">" + vectorField + "</str>"
        + "<str name=\"model\">dot</str><bool name=\"chunking\">false</bool></processor>"
        + "<processor class=\"solr.DistributedUpdateProcessorFactory\"/>"
        + "<processor class=\"solr.RunUpdateProcessorFactory\"/>"
        + "</updateRequestProcessorChain>";
    return NeuralCluster.configsetWith(createTempDir(dir),
        config -> NeuralCluster.withModels(config, NeuralCluster.localModel("dot", TINY_DOT,
                "OnnxRuntime", "embedding", Map.of("normalize", "false")))
            .replace("</config>", chain + "</config>"),
        schema -> schema.replace("<fieldType name=\"string\"",
            "<field name=\"dot_vector\" type=\"knn_mip_32\" indexed=\"true\" stored=\"true\"/>"
                + "<field name=\"unit_dot_vector\" type=\"knn_dot_32\" indexed=\"true\" stored=\"true\"/>"
                + "<fieldType name=\"knn_mip_32\" class=\"solr.DenseVectorField\""
                + " vectorDimension=\"32\" similarityFunction=\"maximum_inner_product\"/>"
                + "<fieldType name=\"knn_dot_32\" class=\"solr.DenseVectorField\""
                + " vectorDimension=\"32\" similarityFunction=\"dot_product\"/>"
                + "<fieldType name=\"string\""));
  }

  @Test
  public void knnRanksByTheExactDotProductsOfUnnormalisedVectors() throws Exception {
    UpdateRequest update = new UpdateRequest();
    update.setParam("update.chain", "dot");
    for (int i = 0; i < TEXTS.size(); i++) {
      SolrInputDocument doc = new SolrInputDocument();
      doc.setField("id", "d" + i);
      doc.setField("text", TEXTS.get(i));
      update.add(doc);
    }
    update.commit(node, COLLECTION);

    SolrjQuery knn = new SolrjQuery("{!knn_text_to_vector model=dot f=dot_vector topK="
        + TEXTS.size() + " v=$qt}");
    knn.set("qt", QUERY);
    knn.setFields("id", "dot_vector", "score");
    knn.setRows(TEXTS.size());
    List<SolrDocument> hits = node.query(COLLECTION, knn).getResults();
    assertEquals(TEXTS.size(), hits.size());

    float[] query = queryVector();
    Map<String, Double> dots = new LinkedHashMap<>();
    Map<String, Double> cosines = new LinkedHashMap<>();
    double minNorm = Double.MAX_VALUE;
    double maxNorm = 0;
    for (SolrDocument hit : hits) {
      float[] stored = Vectors.floats(hit.getFieldValues("dot_vector"));
      double dot = Vectors.dot(query, stored);
      double norm = Math.sqrt(Vectors.dot(stored, stored));
      minNorm = Math.min(minNorm, norm);
      maxNorm = Math.max(maxNorm, norm);
      dots.put((String) hit.getFieldValue("id"), dot);
      cosines.put((String) hit.getFieldValue("id"), dot / norm);
    }
    assertTrue("stored vectors are not normalised: norms " + minNorm + ".." + maxNorm,
        maxNorm > 1.5 * minNorm);
    List<String> returned = new ArrayList<>(dots.keySet());
    assertEquals("KNN order is the exact dot-product order; dots " + dots,
        byValueDescending(dots), returned);
    assertNotEquals("the lengths matter here: cosine would rank otherwise",
        byValueDescending(cosines), returned);
  }

  @Test
  public void knnOnADotProductFieldWithAnUnnormalisedModelIsABadRequest() throws Exception {
    SolrjQuery knn = new SolrjQuery("{!knn_text_to_vector model=dot f=unit_dot_vector v=$qt}");
    knn.set("qt", QUERY);
    SolrException error = expectThrows(
        SolrClients.REMOTE_ERROR, () -> node.query(COLLECTION, knn));
    assertEquals(error.getMessage(), 400, error.code());
    assertNamesFieldModelAndFix(error.getMessage());
  }

  @Test
  public void aChainFillingADotProductFieldWithAnUnnormalisedModelStopsTheCore() throws Exception {
    String requestId = "unit-dot-async";
    CollectionAdminRequest.createCollection("unit_dot", "unit_dot", 1, 1)
        .processAsync(requestId, cluster.getSolrClient());
    RequestStatusResponse status;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    do {
      Thread.sleep(200);
      status = CollectionAdminRequest.requestStatus(requestId).process(cluster.getSolrClient());
    } while (!status.getRequestStatus().equals(RequestStatusState.FAILED)
        && !status.getRequestStatus().equals(RequestStatusState.COMPLETED)
        && System.nanoTime() < deadline);
    assertEquals(RequestStatusState.FAILED, status.getRequestStatus());
    assertNamesFieldModelAndFix(String.valueOf(status.getResponse().get("failure")));
  }

  private static void assertNamesFieldModelAndFix(String message) {
    for (String part : List.of("vector field 'unit_dot_vector' scores by dot_product",
        "embedding model 'dot' is declared with normalize=false", "normalize=true",
        "similarityFunction=\"maximum_inner_product\"")) {
      assertTrue("'" + part + "' in: " + message, message.contains(part));
    }
  }

  /** The query's vector from the model the parser uses, loaded once in this JVM. */
  private static float[] queryVector() throws Exception {
    ModelSpec spec = ModelRegistry.get().loaded().stream()
        .filter(s -> s.folder().endsWith("tiny-dot-embedder"))
        .findFirst()
        .orElseThrow();
    assertFalse(spec.normalize());
    LoadedModel model = ModelRegistry.get().acquire(spec);
    try {
      return new Embedder(model).embed(QUERY).vector();
    } finally {
      ModelRegistry.get().release(spec);
    }
  }

  private static List<String> byValueDescending(Map<String, Double> values) {
    List<String> ids = new ArrayList<>(values.keySet());
    ids.sort(Comparator.comparing(values::get, Comparator.reverseOrder()));
    return ids;
  }

}
