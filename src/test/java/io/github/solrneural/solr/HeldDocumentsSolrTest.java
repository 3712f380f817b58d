package io.github.solrneural.solr;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.PlainHttp;
import io.github.solrneural.testing.UpdateOutcome;
import java.util.Map;
import java.util.Set;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The update processor holds documents back to embed them in batches. On the shipped configset,
 * over HTTP: a failure of a held document is charged to that document and no other, and an atomic
 * update of a held document is merged with it, not with the stored one. Also the bad documents
 * the fuzzer found ({@code RequestFuzzTest}): each refused with a 400 under its own id.
 */
@org.apache.solr.SolrTestCaseJ4.SuppressSSL(bugUrl = "none: plain-HTTP client")
public class HeldDocumentsSolrTest extends SolrCloudTestCase {
  private static final String COLLECTION = "held";
  private static String node;

  @BeforeClass
  public static void startCluster() throws Exception {
    NeuralCluster.useDemoModels();
    configureCluster(1)
        .addConfig(NeuralCluster.CONFIGSET, DemoModels.projectDir().resolve("solr-config/conf"))
        .configure();
    NeuralCluster.createCollection(cluster.getSolrClient(), cluster, COLLECTION, 1, 1);
    node = cluster.getJettySolrRunner(0).getBaseUrl().toString();
  }

  @AfterClass
  public static void clearProperties() {
    System.clearProperty("neural.models.dir");
  }

  @Before
  public void emptyCollection() throws Exception {
    PlainHttp.postJson(
        node, COLLECTION, "/update", Map.of("commit", "true"), "{\"delete\":{\"query\":\"*:*\"}}");
  }

  /** 300 documents, the third with a number field that is not a number, maxErrors=-1. */
  @Test
  public void aSchemaErrorOfAHeldDocumentIsChargedToThatDocumentAlone() throws Exception {
    JsonArray docs = new JsonArray();
    for (int i = 0; i < 300; i++) {
      JsonObject doc = new JsonObject();
      doc.addProperty("id", "r" + i);
      doc.addProperty("text", "Passage number " + i + " about rivers, roads and bridges.");
      if (i == 2) {
        doc.addProperty("n_i", "not-a-number");
      }
      docs.add(doc);
    }
    UpdateOutcome outcome =
        UpdateOutcome.of(node, COLLECTION, Map.of("maxErrors", "-1"), docs.toString());
    assertEquals(200, outcome.status());
    assertEquals(Set.of("r2"), outcome.reportedIds());
    assertEquals(299, outcome.indexedIds().size());
    assertFalse(outcome.indexedIds().contains("r2"));
  }

  @Test
  public void anAtomicUpdateOfAHeldDocumentIsMergedWithIt() throws Exception {
    String docs =
        "[{\"id\":\"d1\",\"title\":\"Kept title\",\"text\":\"apples\"},"
            + "{\"id\":\"d1\",\"text\":{\"set\":\"oranges\"}}]";
    UpdateOutcome outcome = UpdateOutcome.of(node, COLLECTION, Map.of(), docs);
    assertEquals(200, outcome.status());
    assertEquals(Set.of("d1"), outcome.indexedIds());
    JsonObject d1 = onlyDoc("id:d1", "id,title,text");
    assertEquals("Kept title", d1.get("title").getAsString());
    assertEquals("oranges", firstValue(d1, "text"));
    JsonObject chunk = onlyDoc("_root_:d1 AND _nest_path_:*", "id,chunk_text,vector");
    assertEquals("oranges", chunk.get("chunk_text").getAsString());
    assertEquals(384, chunk.getAsJsonArray("vector").size());
  }

  /** As Solr does: an atomic update of a document nobody added creates it from the update. */
  @Test
  public void anAtomicUpdateOfAMissingDocumentCreatesIt() throws Exception {
    UpdateOutcome outcome =
        UpdateOutcome.of(node, COLLECTION, Map.of(), "[{\"id\":\"new\",\"text\":{\"set\":\"pears\"}}]");
    assertEquals(200, outcome.status());
    assertEquals(Set.of("new"), outcome.indexedIds());
    assertEquals("pears", onlyDoc("_root_:new AND _nest_path_:*", "chunk_text").get("chunk_text")
        .getAsString());
  }

  /** Two adds of one id: the later wins; the failure of the first is not charged to the second. */
  @Test
  public void theLaterOfTwoDocumentsWithOneIdWinsAndFailsAlone() throws Exception {
    String docs =
        "[{\"id\":\"twin\",\"text\":\"first\",\"n_i\":\"bad\"},{\"id\":\"twin\",\"text\":\"second\"},"
            + "{\"id\":\"other\",\"text\":\"third\"}]";
    UpdateOutcome outcome = UpdateOutcome.of(node, COLLECTION, Map.of("maxErrors", "-1"), docs);
    assertEquals(200, outcome.status());
    assertEquals(Set.of("twin"), outcome.reportedIds());
    assertEquals(Set.of("twin", "other"), outcome.indexedIds());
    assertEquals("second", firstValue(onlyDoc("id:twin", "text"), "text"));
  }

  /** A delete and a commit hand held documents on; a failure there is still the document's own. */
  @Test
  public void aFailureHandedOnByADeleteOrACommitIsChargedToItsDocument() throws Exception {
    UpdateOutcome.of(node, COLLECTION, Map.of(), "[{\"id\":\"gone\",\"text\":\"to delete\"}]");
    String commands =
        "{\"add\":{\"doc\":{\"id\":\"a1\",\"text\":\"one\"}},"
            + "\"add\":{\"doc\":{\"id\":\"a2\",\"text\":\"two\",\"n_i\":\"bad\"}},"
            + "\"delete\":{\"id\":\"gone\"},"
            + "\"add\":{\"doc\":{\"id\":\"a3\",\"text\":\"three\",\"n_i\":\"bad\"}},"
            + "\"commit\":{},"
            + "\"add\":{\"doc\":{\"id\":\"a4\",\"text\":\"four\"}}}";
    UpdateOutcome outcome = UpdateOutcome.of(node, COLLECTION, Map.of("maxErrors", "-1"), commands);
    assertEquals(200, outcome.status());
    assertEquals(Set.of("a2", "a3"), outcome.reportedIds());
    assertEquals(Set.of("a1", "a4"), outcome.indexedIds());
  }

  @Test
  public void aNullTextADeepNestingAndABadMaxErrorsAreEach400s() throws Exception {
    StringBuilder deep = new StringBuilder("{\"id\":\"deep\",\"text\":\"jobs\",\"sub\":");
    for (int i = 0; i < 100; i++) {
      deep.append("{\"id\":\"deep-").append(i).append("\",\"sub\":");
    }
    deep.append("{\"id\":\"deepest\"}").append("}".repeat(101));
    String docs =
        "[{\"id\":\"nulltext\",\"text\":null}," + deep + ",{\"id\":\"fine\",\"text\":\"prices\"}]";
    UpdateOutcome outcome = UpdateOutcome.of(node, COLLECTION, Map.of("maxErrors", "-1"), docs);
    assertEquals(200, outcome.status());
    assertEquals(Set.of("nulltext", "deep"), outcome.reportedIds());
    assertEquals(Set.of("fine"), outcome.indexedIds());

    PlainHttp.Answer nullText =
        PlainHttp.postJson(node, COLLECTION, "/update", Map.of(), "[{\"id\":\"n\",\"text\":null}]");
    assertEquals(400, nullText.status());
    assertTrue(nullText.errorMessage(), nullText.errorMessage().contains("document 'n': no text"));

    PlainHttp.Answer badMaxErrors =
        PlainHttp.postJson(node, COLLECTION, "/update", Map.of("maxErrors", "-2"), "[]");
    assertEquals(400, badMaxErrors.status());
    assertTrue(badMaxErrors.errorMessage(), badMaxErrors.errorMessage().contains("'maxErrors'"));
  }

  private static JsonObject onlyDoc(String query, String fields) throws Exception {
    JsonArray found =
        PlainHttp.get(node, COLLECTION, "/select", Map.of("q", query, "fl", fields))
            .json().getAsJsonObject("response").getAsJsonArray("docs");
    assertEquals(query, 1, found.size());
    return found.get(0).getAsJsonObject();
  }

  private static String firstValue(JsonObject doc, String field) {
    return doc.get(field).isJsonArray()
        ? doc.getAsJsonArray(field).get(0).getAsString()
        : doc.get(field).getAsString();
  }
}
