package io.github.solrneural.solr;

import io.github.solrneural.remote.ScoringServer;
import io.github.solrneural.remote.ServerOptions;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.Hits;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.PlainHttp;
import io.github.solrneural.testing.SolrClients;
import io.github.solrneural.testing.SolrjQuery;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.client.solrj.SolrClient;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A remote embedding model in Solr: the scoring server on loopback serves all-MiniLM-L6-v2 with
 * the configset's settings, an update chain embeds each document with both the in-process and the
 * remote model, and KNN by text through either gives the same vectors, hits and scores. With the
 * server gone, a KNN query and an update through it are HTTP 503s that name the model.
 */
// The test talks plain HTTP (java.net.http), which does not trust the test framework's random SSL.
@org.apache.solr.SolrTestCaseJ4.SuppressSSL(bugUrl = "none: plain-HTTP client")
public class RemoteEmbedderSolrTest extends SolrCloudTestCase {
  private static final String COLLECTION = "remote_embedding";
  private static final String QUERY = "What is the plan for the economy?";
  private static ScoringServer server;

  @BeforeClass
  public static void startServerAndSolr() throws Exception {
    Path models = NeuralCluster.useDemoModels();
    server = ScoringServer.start(ServerOptions.parse(
        "--model", models.resolve(DemoModels.EMBEDDER).toString(), "--engine", "OnnxRuntime",
        "--kind", "embedding", "--port", "0", "--maxLength", "256", "--batchSize", "32",
        "--pooling", "mean", "--normalize", "true"));
    String bothEmbedders =
        "<updateRequestProcessorChain name=\"both\">"
            + processor("minilm", "vector") + processor("minilm_remote", "vector_remote")
            + "<processor class=\"solr.LogUpdateProcessorFactory\"/>"
            + "<processor class=\"solr.DistributedUpdateProcessorFactory\"/>"
            + "<processor class=\"solr.RunUpdateProcessorFactory\"/>"
            + "</updateRequestProcessorChain>"
            + "<updateRequestProcessorChain name=\"remote-only\">"
            + processor("minilm_remote", "vector_remote")
            + "<processor class=\"solr.RunUpdateProcessorFactory\"/>"
            + "</updateRequestProcessorChain>";
    Path conf =
        NeuralCluster.configsetWith(
            createTempDir("conf-remote-embedder"),
            config ->
                NeuralCluster.withModels(config,
                        NeuralCluster.remoteModel("minilm_remote", server.invocationsUrl(),
                            "embedding", Map.of("dimension", "384", "maxInputsPerCall", "32",
                                "retries", "0")))
                    .replace("<requestHandler name=\"/select\"", bothEmbedders
                        + "<requestHandler name=\"/select\""),
            schema ->
                schema.replace("<field name=\"vector\"",
                    "<field name=\"vector_remote\" type=\"knn_vector_384\" indexed=\"true\""
                        + " stored=\"true\"/><field name=\"vector\""));
    configureCluster(1).addConfig(NeuralCluster.CONFIGSET, conf).configure();
    NeuralCluster.createCollection(cluster.getSolrClient(), cluster, COLLECTION, 1, 1);
    UpdateRequest update = new UpdateRequest();
    update.setParam("update.chain", "both");
    String[] texts = {
      "My plan will grow the economy and lower costs for families.",
      "Cancer research saves lives and hospitals need more nurses.",
      "We will build roads, bridges and ports across America.",
      "Inflation is robbing families of the gains they might otherwise feel.",
      "The Justice Department will name a chief prosecutor for pandemic fraud."
    };
    for (int i = 0; i < texts.length; i++) {
      SolrInputDocument doc = new SolrInputDocument();
      doc.setField("id", "d" + i);
      doc.setField("text", texts[i]);
      update.add(doc);
    }
    update.commit(cluster.getSolrClient(), COLLECTION);
  }

  private static String processor(String model, String field) {
    return "<processor class=\"io.github.solrneural.update.ChunkingEmbeddingUpdateProcessorFactory\">"
        + "<str name=\"inputField\">text</str><str name=\"vectorField\">" + field + "</str>"
        + "<str name=\"model\">" + model + "</str><bool name=\"chunking\">false</bool></processor>";
  }

  @AfterClass
  public static void stop() {
    if (server != null) {
      server.close();
    }
    System.clearProperty("neural.models.dir");
  }

  private static SolrjQuery knn(String model, String field) {
    SolrjQuery query = new SolrjQuery("{!knn_text_to_vector model=" + model + " f=" + field
        + " topK=5 v=$qt}");
    query.set("qt", QUERY);
    query.setFields("id,score");
    return query;
  }

  private void theRemoteEmbedderIndexesAndSearchesAsTheInProcessOne() throws Exception {
    SolrClient client = cluster.getSolrClient();
    SolrjQuery stored = new SolrjQuery("*:*");
    stored.setFields("id,vector,vector_remote");
    for (SolrDocument doc : client.query(COLLECTION, stored).getResults()) {
      List<?> local = (List<?>) doc.getFieldValue("vector");
      List<?> remote = (List<?>) doc.getFieldValue("vector_remote");
      assertEquals(384, remote.size());
      for (int i = 0; i < local.size(); i++) {
        assertEquals(((Number) local.get(i)).floatValue(), ((Number) remote.get(i)).floatValue(), 1e-6f);
      }
    }
    // The listing's embeddingModel is what the processor wrote; the remote processor runs last.
    Map<String, String> listed = new java.util.HashMap<>();
    PlainHttp.get(cluster.getJettySolrRunner(0).getBaseUrl().toString(), COLLECTION,
        "/neural/models", Map.of()).json().getAsJsonArray("models").forEach(entry -> {
          com.google.gson.JsonObject model = entry.getAsJsonObject();
          if (model.has("embeddingModel")) {
            listed.put(model.get("name").getAsString(), model.get("embeddingModel").getAsString());
          }
        });
    assertEquals(Set.of("minilm", "minilm_remote"), listed.keySet());
    assertNotEquals(listed.get("minilm"), listed.get("minilm_remote"));
    SolrjQuery written = new SolrjQuery("*:*");
    written.setFields("embedding_model");
    for (SolrDocument doc : client.query(COLLECTION, written).getResults()) {
      assertEquals(listed.get("minilm_remote"), doc.getFieldValue("embedding_model"));
    }
    QueryResponse local = client.query(COLLECTION, knn("minilm", "vector"));
    QueryResponse remote = client.query(COLLECTION, knn("minilm_remote", "vector_remote"));
    assertEquals(5, remote.getResults().size());
    assertEquals(Hits.ids(local), Hits.ids(remote));
    assertEquals("d0", Hits.ids(remote).get(0));
    Map<String, Float> localScores = Hits.scores(local);
    Hits.scores(remote).forEach((id, score) -> assertEquals(id, localScores.get(id), score, 1e-5f));
    assertEquals("the field is bound to the remote model",
        400, PlainHttp.get(cluster.getJettySolrRunner(0).getBaseUrl().toString(), COLLECTION,
            "/select", Map.of("q", "{!knn_text_to_vector model=minilm f=vector_remote v=$qt}",
                "qt", QUERY)).status());
  }

  /** One test: the second half stops the server the first half needs (test order is random). */
  @Test
  public void theRemoteEmbedderIndexesAndSearchesAsTheInProcessOneAndIsA503WhenGone() throws Exception {
    theRemoteEmbedderIndexesAndSearchesAsTheInProcessOne();
    String endpoint = server.invocationsUrl();
    server.close();
    server = null;
    String nodeUrl = cluster.getJettySolrRunner(0).getBaseUrl().toString();
    PlainHttp.Answer search = PlainHttp.get(nodeUrl, COLLECTION, "/select",
        Map.of("q", "{!knn_text_to_vector model=minilm_remote f=vector_remote v=$qt}",
            "qt", QUERY));
    assertEquals(503, search.status());
    assertTrue(search.errorMessage(),
        search.errorMessage().contains("embedding model 'minilm_remote' is unavailable"));
    assertFalse("no endpoint URL: " + search.errorMessage(),
        search.errorMessage().contains(endpoint));

    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", "late");
    doc.setField("text", "Sent while the embedder is down.");
    UpdateRequest update = new UpdateRequest();
    update.setParam("update.chain", "remote-only");
    update.add(doc);
    try (SolrClient node = SolrClients.plain(nodeUrl)) {
      SolrException error = expectThrows(
          SolrClients.REMOTE_ERROR, () -> update.process(node, COLLECTION));
      assertEquals(503, error.code());
      assertTrue(error.getMessage(),
          error.getMessage().contains("embedding model 'minilm_remote' is unavailable"));
      assertFalse("no endpoint URL: " + error.getMessage(), error.getMessage().contains(endpoint));
    }
  }
}
