package io.github.solrneural.solr;

import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.RagCorpus;
import io.github.solrneural.testing.SolrClients;
import io.github.solrneural.testing.SolrjQuery;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * {@code [parent fl=...]} over HTTP on two shards: every chunk hit carries exactly its source
 * document's stored and docValues fields, as a plain query for those documents returns them.
 */
public class ParentFieldsSolrTest extends SolrCloudTestCase {
  private static final String COLLECTION = "rag_parents";
  private static final int DOCUMENTS = 60;
  private static final String PARENT_FIELDS = "title,id,category_s,rank_dv";
  private static Map<String, Map<String, Object>> sources;

  @BeforeClass
  public static void startCluster() throws Exception {
    NeuralCluster.useDemoModels();
    configureCluster(2)
        .addConfig(NeuralCluster.CONFIGSET, DemoModels.projectDir().resolve("solr-config/conf"))
        .configure();
    NeuralCluster.createCollection(client(), cluster, COLLECTION, 2, 1);
    RagCorpus.index(client(), COLLECTION, DOCUMENTS);
    sources = sourceDocuments();
  }

  @AfterClass
  public static void clearProperties() {
    System.clearProperty("neural.models.dir");
  }

  private static SolrClient client() {
    return cluster.getSolrClient();
  }

  /** The source documents' fields, fetched on their own: the expected value of every parent. */
  private static Map<String, Map<String, Object>> sourceDocuments() throws Exception {
    SolrjQuery query = new SolrjQuery("-_nest_path_:*");
    query.set("fl", PARENT_FIELDS);
    query.setRows(DOCUMENTS * 2);
    Map<String, Map<String, Object>> byId = new HashMap<>();
    for (SolrDocument doc : client().query(COLLECTION, query).getResults()) {
      byId.put((String) doc.getFieldValue("id"), fields(doc));
    }
    assertEquals(DOCUMENTS, byId.size());
    return byId;
  }

  private static Map<String, Object> fields(SolrDocument doc) {
    Map<String, Object> fields = new TreeMap<>();
    for (String name : doc.getFieldNames()) {
      fields.put(name, doc.getFieldValue(name));
    }
    return fields;
  }

  /** What a hit carries under {@code key}: a map of the source document's fields. */
  private static Map<String, Object> carried(SolrDocument hit, String key) {
    Object value = hit.getFieldValue(key);
    assertTrue(hit + " carries a map under " + key, value instanceof Map);
    Map<String, Object> fields = new TreeMap<>();
    ((Map<?, ?>) value).forEach((name, field) -> fields.put((String) name, field));
    return fields;
  }

  private static SolrjQuery chunks(int rows) {
    SolrjQuery query = new SolrjQuery(RagCorpus.LEXICAL_QUERY);
    query.set("fl", "id,_root_,chunk_text,score,parent:[parent fl=" + PARENT_FIELDS + "]");
    query.set("qt", RagCorpus.QUESTION);
    query.setRows(rows);
    return query;
  }

  /** Checks every hit's parent against its source document; returns how many sources were met. */
  private static int assertParentsOf(QueryResponse response, int expectedHits) {
    assertEquals(expectedHits, response.getResults().size());
    Set<String> met = new HashSet<>();
    for (SolrDocument hit : response.getResults()) {
      String root = (String) hit.getFieldValue("_root_");
      assertEquals(hit.toString(), sources.get(root), carried(hit, "parent"));
      met.add(root);
    }
    return met.size();
  }

  @Test
  public void everyHitOfALargePageCarriesItsSourceDocumentsFields() throws Exception {
    QueryResponse response = client().query(COLLECTION, chunks(150));
    long found = response.getResults().getNumFound();
    assertTrue("more chunks than documents: " + found, found > 100);
    int parents = assertParentsOf(response, (int) Math.min(150, found));
    assertEquals("a page this large spans every source document", DOCUMENTS, parents);
  }

  @Test
  public void rerankedHitsCarryTheirSourceDocumentsFieldsToo() throws Exception {
    SolrjQuery query = chunks(40);
    query.set("rq", "{!cross_encoder model=reranker reRankDocs=30 v=$qt}");
    int parents = assertParentsOf(client().query(COLLECTION, query), 40);
    assertTrue("the reranked page spans many documents: " + parents, parents >= 10);

    query.set("rq", "{!cross_encoder model=reranker reRankDocs=30 chunksPerDocument=1 v=$qt}");
    QueryResponse oneChunkEach = client().query(COLLECTION, query);
    int documents = oneChunkEach.getResults().size();
    assertEquals("one chunk per document", documents, assertParentsOf(oneChunkEach, documents));
  }

  @Test
  public void aSourceDocumentHitCarriesItsOwnFieldsUnderTheKeySolrGivesIt() throws Exception {
    SolrjQuery query = new SolrjQuery("id:doc-7");
    query.set("fl", "id,source:[parent fl=" + PARENT_FIELDS + "]");
    SolrDocument hit = client().query(COLLECTION, query).getResults().get(0);
    assertEquals(sources.get("doc-7"), carried(hit, "source"));

    query.set("fl", "id,[parent fl=" + PARENT_FIELDS + "]");
    hit = client().query(COLLECTION, query).getResults().get(0);
    assertEquals(sources.get("doc-7"), carried(hit, "[parent]"));
  }

  @Test
  public void realTimeGetOfAChunkCarriesItsSourceDocumentsFields() throws Exception {
    ModifiableSolrParams params = new ModifiableSolrParams();
    params.set("fl", "id,parent:[parent fl=" + PARENT_FIELDS + "]");
    params.set("_route_", "doc-11"); // a chunk lives on its source document's shard
    SolrDocument chunk = client().getById(COLLECTION, "doc-11#1", params);
    assertNotNull(chunk);
    assertEquals(sources.get("doc-11"), carried(chunk, "parent"));
  }

  @Test
  public void badFieldListsAreA400NamingFl() throws Exception {
    assertBadRequest("[parent fl=title,no_such_field]", "'fl'", "no_such_field");
    assertBadRequest("[parent]", "'fl'", "required");
    StringBuilder many = new StringBuilder("title");
    for (int i = 0; i < 20; i++) {
      many.append(",f").append(i).append("_s");
    }
    assertBadRequest("[parent fl=" + many + "]", "'fl'", "more than 20");
    assertBadRequest("[parent fl=title limit=3]", "'limit'");
  }

  private static void assertBadRequest(String transformer, String... expectedParts) {
    SolrjQuery query = new SolrjQuery(RagCorpus.LEXICAL_QUERY);
    query.set("fl", "id," + transformer);
    SolrException error =
        expectThrows(SolrClients.REMOTE_ERROR, () -> client().query(COLLECTION, query));
    assertEquals(error.getMessage(), 400, error.code());
    for (String part : expectedParts) {
      assertTrue("'" + part + "' in: " + error.getMessage(), error.getMessage().contains(part));
    }
  }
}
