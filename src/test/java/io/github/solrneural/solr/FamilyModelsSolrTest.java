package io.github.solrneural.solr;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.SolrClients;
import io.github.solrneural.testing.SolrjQuery;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The tiny DistilBERT embedder and XLM-RoBERTa cross-encoder (the tutorial's two families) at
 * maxLength 512 in a real Solr over HTTP: the stored vectors and the rerank scores equal the
 * references computed in Python (src/test/python/make_family_models.py).
 */
public class FamilyModelsSolrTest extends SolrCloudTestCase {
  private static final String COLLECTION = "families";
  private static final Path MODELS =
      DemoModels.projectDir().resolve("src/test/resources/tiny-models");
  private static final Path DISTILBERT = MODELS.resolve("tiny-distilbert-embedder");
  private static final Path XLMR = MODELS.resolve("tiny-xlmr-cross-encoder");
  private static final double TOLERANCE = 1e-5;
  private static SolrClient node;

  @BeforeClass
  public static void startCluster() throws Exception {
    NeuralCluster.useDemoModels();
    String chain = "<updateRequestProcessorChain name=\"family\">"
        + "<processor class=\"io.github.solrneural.update."
        + "ChunkingEmbeddingUpdateProcessorFactory\">"
        + "<str name=\"inputField\">text</str><str name=\"vectorField\">family_vector</str>"
        + "<str name=\"model\">distilbert</str><bool name=\"chunking\">false</bool></processor>"
        + "<processor class=\"solr.DistributedUpdateProcessorFactory\"/>"
        + "<processor class=\"solr.RunUpdateProcessorFactory\"/>"
        + "</updateRequestProcessorChain>";
    Path configset = NeuralCluster.configsetWith(createTempDir("conf-families"),
        config -> NeuralCluster.withModels(config,
                NeuralCluster.localModel("distilbert", DISTILBERT, "OnnxRuntime", "embedding",
                    Map.of("maxLength", "512", "pooling", "mean", "normalize", "false")),
                NeuralCluster.localModel("xlmr", XLMR, "OnnxRuntime", "cross-encoder",
                    Map.of("maxLength", "512")))
            .replace("</config>", chain + "</config>"),
        schema -> schema.replace("<fieldType name=\"string\"",
            "<field name=\"family_vector\" type=\"knn_mip_32\" indexed=\"true\" stored=\"true\"/>"
                + "<fieldType name=\"knn_mip_32\" class=\"solr.DenseVectorField\""
                + " vectorDimension=\"32\" similarityFunction=\"maximum_inner_product\"/>"
                + "<fieldType name=\"string\""));
    configureCluster(1).addConfig(NeuralCluster.CONFIGSET, configset).configure();
    NeuralCluster.createCollection(cluster.getSolrClient(), cluster, COLLECTION, 1, 1);
    node =
        SolrClients.http(cluster.getJettySolrRunner(0).getBaseUrl().toString());

    UpdateRequest update = new UpdateRequest();
    update.setParam("update.chain", "family");
    JsonArray texts = reference(DISTILBERT).getAsJsonArray("embeddings");
    for (int i = 0; i < texts.size(); i++) {
      update.add(doc("t" + i, "text", texts.get(i).getAsJsonObject().get("text").getAsString()));
    }
    JsonArray passages = ranking().getAsJsonArray("passages");
    for (int i = 0; i < passages.size(); i++) {
      update.add(doc("p" + i, "passage", passages.get(i).getAsString()));
    }
    update.commit(node, COLLECTION);
  }

  @AfterClass
  public static void closeClient() throws Exception {
    if (node != null) {
      node.close();
      node = null;
    }
    System.clearProperty("neural.models.dir");
  }

  @Test
  public void storedVectorsAreTheReferenceMeanPooledUnnormalisedVectors() throws Exception {
    JsonArray texts = reference(DISTILBERT).getAsJsonArray("embeddings");
    SolrjQuery query = new SolrjQuery("kind_s:text");
    query.setFields("id", "family_vector", "embedding_truncated");
    query.setRows(texts.size());
    List<SolrDocument> docs = node.query(COLLECTION, query).getResults();
    assertEquals(texts.size(), docs.size());
    int truncated = 0;
    for (SolrDocument doc : docs) {
      String id = (String) doc.getFieldValue("id");
      JsonArray expected =
          texts.get(Integer.parseInt(id.substring(1))).getAsJsonObject().getAsJsonArray("mean");
      Collection<Object> stored = doc.getFieldValues("family_vector");
      assertEquals(id, expected.size(), stored.size());
      int d = 0;
      for (Object value : stored) {
        assertEquals(id + "[" + d + "]", expected.get(d++).getAsDouble(),
            ((Number) value).doubleValue(), TOLERANCE);
      }
      truncated += Boolean.TRUE.equals(doc.getFieldValue("embedding_truncated")) ? 1 : 0;
    }
    assertEquals("the one text past 512 tokens", 1, truncated);
  }

  @Test
  public void rerankScoresAreTheReferenceLogits() throws Exception {
    JsonObject ranking = ranking();
    JsonArray passages = ranking.getAsJsonArray("passages");
    JsonArray logits = ranking.getAsJsonArray("logits");
    SolrjQuery query = new SolrjQuery("kind_s:passage");
    query.set("rq", "{!cross_encoder model=xlmr f=text reRankDocs=" + passages.size() + " v=$qt}");
    query.set("qt", ranking.get("query").getAsString());
    query.setFields("id", "score");
    query.setRows(passages.size());
    List<SolrDocument> hits = node.query(COLLECTION, query).getResults();
    assertEquals(passages.size(), hits.size());
    List<Double> scores = new ArrayList<>();
    for (SolrDocument hit : hits) {
      String id = (String) hit.getFieldValue("id");
      double expected = logits.get(Integer.parseInt(id.substring(1))).getAsDouble();
      double score = ((Number) hit.getFieldValue("score")).doubleValue();
      assertEquals(id, expected, score, TOLERANCE);
      scores.add(score);
    }
    for (int i = 1; i < scores.size(); i++) {
      assertTrue("ranked by logit: " + scores, scores.get(i - 1) >= scores.get(i));
    }
  }

  private static SolrInputDocument doc(String id, String kind, String text) {
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", id);
    doc.setField("kind_s", kind);
    doc.setField("text", text);
    return doc;
  }

  private static JsonObject ranking() throws Exception {
    return reference(XLMR).getAsJsonObject("ranking");
  }

  private static JsonObject reference(Path folder) throws Exception {
    try (Reader reader = Files.newBufferedReader(folder.resolve("reference.json"))) {
      return JsonParser.parseReader(reader).getAsJsonObject();
    }
  }
}
