package io.github.solrneural.solr;

import io.github.solrneural.testing.AdminMetrics;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.SolrClients;
import io.github.solrneural.testing.SolrjQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.UpdateResponse;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.util.NamedList;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Bad documents at index time, over HTTP against a real Solr: each is refused with a status and a
 * message that names the document and the field, and nothing is lost without a trace.
 */
@org.apache.solr.SolrTestCaseJ4.SuppressSSL(bugUrl = "none: plain-HTTP client reads /admin/metrics")
public class IndexingBadInputTest extends SolrCloudTestCase {
  private static final String DOCS = "docs";
  private static final String FRAGILE = "fragile";

  @BeforeClass
  public static void startCluster() throws Exception {
    // The test framework's solr.xml turns metrics off unless asked; a real Solr has them on.
    System.setProperty("metricsEnabled", "true");
    NeuralCluster.useDemoModels();
    configureCluster(1)
        .addConfig(NeuralCluster.CONFIGSET, DemoModels.projectDir().resolve("solr-config/conf"))
        .addConfig(FRAGILE, fragileConfigset(createTempDir("fragile-conf")))
        .configure();
    NeuralCluster.createCollection(cluster.getSolrClient(), cluster, DOCS, 1, 1);
    CollectionAdminRequest.createCollection(FRAGILE, FRAGILE, 1, 1).process(client());
    cluster.waitForActiveCollection(FRAGILE, 1, 1);
  }

  @AfterClass
  public static void clearProperties() throws Exception {
    if (node != null) {
      node.close();
      node = null;
    }
    System.clearProperty("neural.models.dir");
    System.clearProperty("metricsEnabled");
  }

  /**
   * The fragile tiny embedder fails at inference on any text holding the word "road" and embeds the
   * others: a model that breaks on some documents of a batch only.
   */
  private static Path fragileConfigset(Path dir) throws Exception {
    Path tiny = DemoModels.projectDir().resolve("src/test/resources/tiny-models/fragile-embedder");
    NeuralCluster.configsetWithModel(dir, "fragile", tiny, "OnnxRuntime", "embedding");
    Path config = dir.resolve("solrconfig.xml");
    String chains = "";
    for (String policy : List.of("fail", "mark")) {
      chains +=
          "<updateRequestProcessorChain name=\"fragile-" + policy + "\">"
              + "<processor class=\"solr.TolerantUpdateProcessorFactory\">"
              + "<int name=\"maxErrors\">0</int></processor>"
              + "<processor class=\"io.github.solrneural.update.ChunkingEmbeddingUpdateProcessorFactory\">"
              + "<str name=\"inputField\">text</str><str name=\"vectorField\">tiny_vector</str>"
              + "<str name=\"model\">fragile</str><bool name=\"chunking\">false</bool>"
              + "<str name=\"onEmbeddingFailure\">" + policy + "</str></processor>"
              + "<processor class=\"solr.DistributedUpdateProcessorFactory\"/>"
              + "<processor class=\"solr.RunUpdateProcessorFactory\"/>"
              + "</updateRequestProcessorChain>";
    }
    Files.writeString(config,
        Files.readString(config)
            .replace("<int name=\"maxLength\">256</int><int name=\"batchSize\">16</int></lst>",
                "<int name=\"maxLength\">512</int><int name=\"batchSize\">16</int></lst>")
            .replace("</config>", chains + "</config>"));
    Path schema = dir.resolve("managed-schema.xml");
    Files.writeString(schema,
        Files.readString(schema)
            .replace("<fieldType name=\"string\"",
                "<field name=\"tiny_vector\" type=\"knn_vector_32\" indexed=\"true\" stored=\"true\"/>"
                    + "<fieldType name=\"knn_vector_32\" class=\"solr.DenseVectorField\""
                    + " vectorDimension=\"32\" similarityFunction=\"cosine\"/>"
                    + "<fieldType name=\"string\""));
    return dir;
  }

  private static SolrClient client() {
    return cluster.getSolrClient();
  }

  /** Talks to the node itself, so errors come back as Solr sent them, status included. */
  private static SolrClient node;

  private static SolrClient node() {
    if (node == null) {
      node = SolrClients.http(
          cluster.getJettySolrRunner(0).getBaseUrl().toString());
    }
    return node;
  }

  private static SolrInputDocument doc(String id, Object text) {
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", id);
    if (text != null) {
      doc.setField("text", text);
    }
    return doc;
  }

  private static SolrException refused(String collection,
      SolrInputDocument... docs) {
    UpdateRequest update = new UpdateRequest();
    for (SolrInputDocument doc : docs) {
      update.add(doc);
    }
    return expectThrows(SolrClients.REMOTE_ERROR,
        () -> update.process(node(), collection));
  }

  private static void assertRefused(int status, List<String> mentions, SolrInputDocument doc) {
    SolrException error = refused(DOCS, doc);
    assertEquals(error.getMessage(), status, error.code());
    for (String mention : mentions) {
      assertTrue("'" + mention + "' in: " + error.getMessage(), error.getMessage().contains(mention));
    }
  }

  private static SolrDocumentList find(String collection, String query) throws Exception {
    client().commit(collection);
    SolrjQuery q = new SolrjQuery(query);
    q.setRows(100);
    q.setFields("id", "vector", "tiny_vector", "embedding_status", "chunk_text");
    return client().query(collection, q).getResults();
  }

  @Test
  public void emptyOrMissingTextIsABadRequestNamingTheDocumentAndField() throws Exception {
    assertRefused(400, List.of("document 'empty'", "[text]", "missing or empty"), doc("empty", " "));
    assertRefused(400, List.of("document 'missing'", "[text]"), doc("missing", null));
    assertEquals(0, find(DOCS, "id:(empty OR missing)").getNumFound());
  }

  @Test
  public void anAtomicUpdateThatLeavesTheTextAloneNeedsNoText() throws Exception {
    client().add(DOCS, doc("atomic", "A short text about the economy."));
    SolrInputDocument atomic = new SolrInputDocument();
    atomic.setField("id", "atomic");
    atomic.setField("label_s", Map.of("set", "kept"));
    client().add(DOCS, atomic);
    SolrDocumentList found = find(DOCS, "id:atomic AND label_s:kept");
    assertEquals(1, found.getNumFound());
  }

  @Test
  public void aNonTextValueIsABadRequestNamingTheField() throws Exception {
    assertRefused(400, List.of("document 'number'", "input field 'text' must hold text", "Integer"),
        doc("number", 42));
  }

  @Test
  public void aFiveMegabyteTextIsRefusedNamingTheLimit() throws Exception {
    String huge = "The economy grows. ".repeat(5 * 1024 * 1024 / 19 + 1);
    assertRefused(400,
        List.of("document 'huge'", "[text]", huge.length() + " characters", "maxInputChars=1000000"),
        doc("huge", huge));
    assertEquals(0, find(DOCS, "id:huge").getNumFound());
  }

  @Test
  public void invalidSurrogatesAndControlCharactersAreIndexed() throws Exception {
    String text = "Jobs \uD800 and \uDC00 prices\u0000\u0007\u001b[0m \uFFFF in America.\r\n";
    client().add(DOCS, doc("odd", text));
    SolrDocumentList chunks = find(DOCS, "{!child of=\"*:* -_nest_path_:*\"}id:odd");
    assertEquals(1, chunks.getNumFound());
    List<?> vector = (List<?>) chunks.get(0).getFieldValue("vector");
    assertEquals(384, vector.size());
  }

  @Test
  public void aHandSetVectorOfTheWrongDimensionIsABadRequestNamingTheField() throws Exception {
    SolrInputDocument doc = doc("wrong-dimension", "A text about jobs.");
    doc.setField("vector", List.of(0.1f, 0.2f, 0.3f));
    assertRefused(400, List.of("document 'wrong-dimension'", "vector field 'vector'", "3 values", "384"), doc);
    assertEquals(0, find(DOCS, "id:wrong-dimension").getNumFound());
  }

  @Test
  public void aToleratedBatchIndexesTheGoodDocumentsAndReportsTheBadOnesById() throws Exception {
    UpdateRequest update = new UpdateRequest();
    update.add(doc("good-1", "Lower costs for families."));
    update.add(doc("bad-empty", ""));
    update.add(doc("good-2", "More jobs in America."));
    update.add(doc("bad-number", 7));
    update.setParam("maxErrors", "-1");
    UpdateResponse response = update.process(client(), DOCS);
    assertEquals(0, response.getStatus());
    List<String> reported = new ArrayList<>();
    for (Object error : (List<?>) response.getResponseHeader().get("errors")) {
      reported.add(String.valueOf(((NamedList<?>) error).get("id")));
    }
    assertEquals(List.of("bad-empty", "bad-number"), reported);
    assertEquals(2, find(DOCS, "id:(good-1 OR good-2)").getNumFound());
    assertEquals(0, find(DOCS, "id:(bad-empty OR bad-number)").getNumFound());
    assertEquals(2, find(DOCS, "{!child of=\"*:* -_nest_path_:*\"}id:(good-1 OR good-2)")
        .getNumFound());
  }

  /** A text the fragile model cannot embed. */
  private static final String FAILING_TEXT = "the road to inflation";

  @Test
  public void failPolicyRefusesTheDocumentsTheModelCannotEmbedAndKeepsTheOthers() throws Exception {
    UpdateRequest update = new UpdateRequest();
    update.add(doc("f-short-1", "jobs"));
    update.add(doc("f-failing", FAILING_TEXT));
    update.add(doc("f-short-2", "prices"));
    update.setParam("update.chain", "fragile-fail");
    SolrException error = expectThrows(
        SolrClients.REMOTE_ERROR, () -> update.process(node(), FRAGILE));
    assertEquals(500, error.code());
    assertTrue(error.getMessage(), error.getMessage().contains(
        "document 'f-failing' was not indexed: embedding model 'fragile' failed at inference"));
    // maxErrors=0: the failure stops the request there, as it would without batching.
    SolrDocumentList found = find(FRAGILE, "id:f-*");
    assertEquals(1, found.getNumFound());
    assertEquals("f-short-1", found.get(0).getFieldValue("id"));
    for (SolrDocument doc : found) {
      assertEquals(32, ((List<?>) doc.getFieldValue("tiny_vector")).size());
    }
  }

  @Test
  public void markPolicyIndexesTheDocumentWithoutAVectorAndFlagsIt() throws Exception {
    UpdateRequest update = new UpdateRequest();
    update.add(doc("m-short", "jobs"));
    update.add(doc("m-failing", FAILING_TEXT));
    update.setParam("update.chain", "fragile-mark");
    assertEquals(0, update.process(client(), FRAGILE).getStatus());
    SolrDocumentList failed = find(FRAGILE, "embedding_status:failed");
    assertEquals(1, failed.getNumFound());
    assertEquals("m-failing", failed.get(0).getFieldValue("id"));
    assertNull(failed.get(0).getFieldValue("tiny_vector"));
    SolrDocumentList embedded = find(FRAGILE, "id:m-short");
    assertNull(embedded.get(0).getFieldValue("embedding_status"));
    assertEquals(32, ((List<?>) embedded.get(0).getFieldValue("tiny_vector")).size());

    // Re-embedding the flagged document with a text the model can take clears the flag.
    UpdateRequest fix = new UpdateRequest();
    fix.add(doc("m-failing", "short now"));
    fix.setParam("update.chain", "fragile-mark");
    fix.process(client(), FRAGILE);
    assertEquals(0, find(FRAGILE, "embedding_status:failed").getNumFound());
  }

  @Test
  public void metricsCountDocumentsChunksAndFailures() throws Exception {
    client().add(DOCS, doc("metered", "The plan grows the economy. ".repeat(40)));
    client().commit(DOCS);
    refused(DOCS, doc("metered-bad", ""));
    String nodeUrl = cluster.getJettySolrRunner(0).getBaseUrl().toString();
    String core = cluster.getJettySolrRunner(0).getCoreContainer().getAllCoreNames().stream()
        .filter(name -> name.startsWith(DOCS + "_")).findFirst().orElseThrow();
    String processor = "neural.text.vector";
    String prefix = "UPDATE." + processor + ".";
    assertTrue(AdminMetrics.core(nodeUrl, core, "UPDATE", processor,
        prefix + "documentsEmbedded") >= 1);
    assertTrue(AdminMetrics.core(nodeUrl, core, "UPDATE", processor, prefix + "chunksProduced") >= 3);
    assertTrue(AdminMetrics.core(nodeUrl, core, "UPDATE", processor,
        prefix + "rejectedDocuments") >= 1);
    // In-process models count once per node, whichever cores share them.
    String model = DemoModels.EMBEDDER;
    assertTrue(AdminMetrics.model(nodeUrl, model, "forwardPasses") >= 1);
    assertTrue(AdminMetrics.model(nodeUrl, model, "items") >= 3);
    assertTrue(AdminMetrics.model(nodeUrl, model, "forwardPassTime") >= 1);
    assertTrue(AdminMetrics.model(nodeUrl, model, "batchSize") >= 1);
    assertEquals(384, AdminMetrics.model(nodeUrl, model, "outputDimension"));
  }
}
