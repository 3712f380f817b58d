package io.github.solrneural.solr;

import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.Hits;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.SolrClients;
import io.github.solrneural.testing.SolrjQuery;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.util.NamedList;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * What one request may cost, over HTTP: counts of any length are read in one pass and never echoed
 * whole, topK is capped like reRankDocs, and megabyte texts are read only as far as the models read
 * them, at query and at index time.
 */
public class QueryBoundsSolrTest extends SolrCloudTestCase {
  private static final String COLLECTION = "query_bounds";
  private static final String QUERY = "What is the plan for the economy?";
  private static final String MEGABYTE = repeatTo(DemoModels.demoText(), 900_000);
  private static final String PREFIX = MEGABYTE.substring(0, 5_000);

  @BeforeClass
  public static void startCluster() throws Exception {
    NeuralCluster.useDemoModels();
    configureCluster(1)
        .addConfig("neural", DemoModels.projectDir().resolve("solr-config/conf"))
        .configure();
    CollectionAdminRequest.createCollection(COLLECTION, "neural", 1, 1).process(client());
    cluster.waitForActiveCollection(COLLECTION, 1, 1);
    UpdateRequest update = new UpdateRequest();
    update.setParam("update.chain", "whole-document");
    update.add(doc("long", MEGABYTE));
    update.add(doc("prefix", PREFIX));
    update.add(doc("other", "Prices rose faster than wages last year."));
    update.commit(client(), COLLECTION);
  }

  @AfterClass
  public static void clearProperties() {
    System.clearProperty("neural.models.dir");
  }

  private static SolrInputDocument doc(String id, String text) {
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", id);
    doc.setField("text", text);
    doc.setField("passage_t", text);
    return doc;
  }

  private static String repeatTo(String unit, int chars) {
    StringBuilder text = new StringBuilder();
    while (text.length() < chars) {
      text.append(unit);
    }
    return text.substring(0, chars);
  }

  private static SolrClient client() {
    return cluster.getSolrClient();
  }

  private static SolrjQuery knn(String topK, String rerank) {
    SolrjQuery query = new SolrjQuery();
    query.set("q", "{!knn_text_to_vector model=minilm f=vector topK=$k v=$qt}");
    query.set("k", topK);
    if (rerank != null) {
      query.set("rq", rerank);
    }
    query.set("qt", QUERY);
    query.set("fl", "id,score");
    return query;
  }

  private static QueryResponse post(SolrjQuery query) throws Exception {
    return client().query(COLLECTION, query, SolrRequest.METHOD.POST);
  }

  private static String warning(QueryResponse response, String parameter) {
    NamedList<?> warnings = (NamedList<?>) response.getResponseHeader().get("warnings");
    assertNotNull("a warning in " + response.getResponseHeader(), warnings);
    return (String) warnings.get(parameter);
  }

  @Test
  public void aHugeTopKIsCappedToMaxTopKAndTheResponseSaysSo() throws Exception {
    QueryResponse capped = post(knn("2147483647", null));
    assertEquals(3, capped.getResults().size());
    assertEquals("topK=2147483647 is above maxTopK=1000; capped to 1000",
        warning(capped, "topK"));
    assertNull(post(knn("3", null)).getResponseHeader().get("warnings"));
  }

  @Test
  public void countsOfMillionsOfDigitsAreCappedAndQuotedShort() throws Exception {
    String digits = "9".repeat(2_000_000);
    QueryResponse topK = post(knn(digits, null));
    assertEquals(3, topK.getResults().size());
    assertEquals("topK=" + digits.substring(0, 32) + "... (2000000 characters) is above"
        + " maxTopK=1000; capped to 1000", warning(topK, "topK"));
    SolrjQuery rerank = knn("3", "{!cross_encoder model=reranker f=passage_t reRankDocs=$n v=$qt}");
    rerank.set("n", digits);
    QueryResponse reRankDocs = post(rerank);
    assertEquals(3, reRankDocs.getResults().size());
    assertEquals("reRankDocs=" + digits.substring(0, 32) + "... (2000000 characters) is above"
        + " maxReRankDocs=1000; capped to 1000", warning(reRankDocs, "reRankDocs"));
  }

  @Test
  public void aCountThatIsNotAnIntegerIsABadRequestQuotedShort() throws Exception {
    for (String bad : List.of("lots", "1.5", "", "7".repeat(1_000_000) + "x")) {
      SolrException error =
          expectThrows(SolrClients.REMOTE_ERROR, () -> post(knn(bad, null)));
      assertEquals(error.getMessage(), 400, error.code());
      assertTrue(error.getMessage(), error.getMessage().contains("parameter 'topK' must be an integer"));
      assertTrue("quoted short: " + error.getMessage().length(), error.getMessage().length() < 300);
    }
    SolrException zero =
        expectThrows(SolrClients.REMOTE_ERROR, () -> post(knn("0", null)));
    assertTrue(zero.getMessage(), zero.getMessage().contains("parameter 'topK' must be at least 1, got 0"));
  }

  @Test
  public void aMegabytePassageIsRerankedAsTheTokensTheModelReads() throws Exception {
    QueryResponse reranked =
        post(knn("3", "{!cross_encoder model=reranker f=passage_t reRankDocs=3 v=$qt}"));
    Map<String, Float> scores = Hits.scores(reranked);
    assertEquals(3, scores.size());
    assertEquals("the same first 256 tokens", scores.get("prefix"), scores.get("long"), 1e-5f);
    assertNull(reranked.getResponseHeader().get("partialResults"));
  }

  @Test
  public void aMegabyteDocumentIsEmbeddedAsTheTokensTheModelReads() throws Exception {
    SolrjQuery query = new SolrjQuery("id:(long OR prefix)");
    query.set("fl", "id,vector,embedding_truncated");
    Map<String, SolrDocument> docs = new java.util.HashMap<>();
    for (SolrDocument doc : client().query(COLLECTION, query).getResults()) {
      docs.put((String) doc.getFieldValue("id"), doc);
    }
    List<?> whole = (List<?>) docs.get("long").getFieldValue("vector");
    List<?> prefix = (List<?>) docs.get("prefix").getFieldValue("vector");
    assertEquals(384, whole.size());
    for (int i = 0; i < whole.size(); i++) {
      assertEquals(((Number) prefix.get(i)).floatValue(), ((Number) whole.get(i)).floatValue(),
          1e-5f);
    }
    assertEquals(Boolean.TRUE, docs.get("long").getFieldValue("embedding_truncated"));
  }
}
