package io.github.solrneural.cloud;

import io.github.solrneural.chunk.RecursiveTextSplitter;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.Hits;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.SolrClients;
import io.github.solrneural.testing.SolrjQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.CoreAdminRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.Replica;
import org.apache.solr.common.cloud.Slice;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The plugin on a 2-node SolrCloud, a collection of 2 shards x 2 replicas next to a 1-shard one
 * with the same documents, through HTTP only. Model calls are counted through the JVM-wide model
 * registry, which the nodes of this JVM share.
 */
public class TwoShardCloudTest extends SolrCloudTestCase {
  private static final String CONFIGSET = "neural-it";
  private static final String TWO_SHARDS = "two";
  private static final String ONE_SHARD = "one";
  private static final String QUERY = "What is the plan for the economy?";
  private static final int DOCS = 40;

  @BeforeClass
  public static void startCluster() throws Exception {
    NeuralCluster.useDemoModels();
    configureCluster(2).addConfig(CONFIGSET, configsetWithSecondRerankerName()).configure();
    create(TWO_SHARDS, 2, 2);
    create(ONE_SHARD, 1, 1);
    List<SolrInputDocument> docs = paragraphs();
    for (String collection : List.of(TWO_SHARDS, ONE_SHARD)) {
      cluster.getSolrClient().add(collection, docs);
      cluster.getSolrClient().commit(collection);
    }
  }

  @AfterClass
  public static void clearProperties() {
    System.clearProperty("neural.models.dir");
  }

  /** The project's configset plus "reranker_copy": another name for the same model. */
  private static Path configsetWithSecondRerankerName() throws Exception {
    return NeuralCluster.configsetWithModel(createTempDir("conf-it"), "reranker_copy",
        DemoModels.prepare().resolve(DemoModels.RERANKER), "PyTorch", "cross-encoder");
  }

  private static void create(String collection, int shards, int replicas) throws Exception {
    CollectionAdminRequest.createCollection(collection, CONFIGSET, shards, replicas)
        .process(cluster.getSolrClient());
    cluster.waitForActiveCollection(collection, shards, shards * replicas);
  }

  /** Paragraphs of the demo document, each shorter than a chunk: one chunk per document. */
  private static List<SolrInputDocument> paragraphs() throws Exception {
    String text = DemoModels.demoText();
    List<SolrInputDocument> docs = new ArrayList<>();
    for (String paragraph : text.split("\n\\s*\n")) {
      if (paragraph.length() >= 120 && paragraph.length() <= 480 && docs.size() < DOCS) {
        SolrInputDocument doc = new SolrInputDocument();
        doc.setField("id", "p" + docs.size());
        doc.setField("text", paragraph.trim());
        docs.add(doc);
      }
    }
    assertEquals(DOCS, docs.size());
    return docs;
  }

  /** Adds and commits through node 2, whatever node leads the documents' shards. */
  private static void sendThroughSecondNode(String collection, List<SolrInputDocument> docs)
      throws Exception {
    try (SolrClient node2 =
        SolrClients.plain(cluster.getJettySolrRunner(1).getBaseUrl().toString())) {
      node2.add(collection, docs);
      node2.commit(collection);
    }
  }

  /** Runs the body with the model the cores share, and returns how many items it processed. */
  private static long itemsDuring(ModelSpec spec, ThrowingRunnable body) throws Throwable {
    LoadedModel model = ModelRegistry.get().acquire(spec);
    try {
      long before = model.itemsProcessed();
      body.run();
      return model.itemsProcessed() - before;
    } finally {
      ModelRegistry.get().release(spec);
    }
  }

  /**
   * Runs the body with the model the cores share, and returns how many pairs a rerank asked it
   * for: those it scored and those its pair cache answered.
   */
  private static long pairsDuring(ModelSpec spec, ThrowingRunnable body) throws Throwable {
    LoadedModel model = ModelRegistry.get().acquire(spec);
    try {
      long before = model.itemsProcessed() + model.pairCache().hits();
      body.run();
      return model.itemsProcessed() + model.pairCache().hits() - before;
    } finally {
      ModelRegistry.get().release(spec);
    }
  }

  private static SolrjQuery rerank(String rq, int rows) {
    SolrjQuery query = new SolrjQuery();
    // Each replica has its own query result cache: the same text goes to the same replicas.
    query.set("shards.preference", "replica.base:stable:hash:qt");
    // topK and reRankDocs apply per shard: 50 covers every document of every shard here.
    query.set("q", "{!knn_text_to_vector model=minilm f=vector topK=50 v=$qt}");
    if (rq != null) {
      query.set("rq", rq);
    }
    query.set("qt", QUERY);
    query.set("fl", "id,score");
    query.setRows(rows);
    return query;
  }

  @Test
  public void indexingThroughAnyNodeEmbedsEachDocumentOnceNotOncePerReplica() throws Throwable {
    create("once", 2, 2);
    List<SolrInputDocument> docs = paragraphs().subList(0, 10);
    long embedded =
        itemsDuring(DemoModels.configsetEmbedderSpec(), () -> {
          sendThroughSecondNode("once", docs);
        });
    assertEquals("one embedding per chunk, not per replica", docs.size(), embedded);
    assertEquals(docs.size(), cluster.getSolrClient().query("once", new SolrjQuery("_nest_path_:*")).getResults().getNumFound());
  }

  @Test
  public void atomicAndInPlaceUpdatesThatLeaveTheTextAloneKeepChunksAndVectors() throws Throwable {
    create("atomic", 2, 2);
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", "budget");
    doc.setField("title", "Budget");
    doc.setField("text", "Lower prices for families. ".repeat(40));
    cluster.getSolrClient().add("atomic", doc);
    cluster.getSolrClient().commit("atomic");
    Map<String, Object> before = chunkVectors("atomic");
    assertTrue(before.size() > 1);

    SolrInputDocument atomic = new SolrInputDocument();
    atomic.setField("id", "budget");
    atomic.setField("title", Map.of("set", "Budget 2022"));
    SolrInputDocument inPlace = new SolrInputDocument();
    inPlace.setField("id", "budget");
    inPlace.setField("popularity_dv", Map.of("set", 5.0f));
    long embedded =
        itemsDuring(DemoModels.configsetEmbedderSpec(), () -> {
          cluster.getSolrClient().add("atomic", atomic);
          cluster.getSolrClient().add("atomic", inPlace);
          cluster.getSolrClient().commit("atomic");
        });
    assertEquals("nothing re-embedded", 0, embedded);
    assertEquals(before, chunkVectors("atomic"));
    SolrjQuery parent = new SolrjQuery("id:budget");
    parent.setFields("id,title,popularity_dv");
    SolrDocument updated = cluster.getSolrClient().query("atomic", parent).getResults().get(0);
    assertEquals("Budget 2022", updated.getFieldValue("title"));
    assertEquals(5.0f, updated.getFieldValue("popularity_dv"));
  }

  @Test
  public void anAtomicUpdateOfTheTextRechunksAndReembedsTheMergedDocument() throws Throwable {
    create("retext", 2, 2);
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", "plan");
    doc.setField("title", "Plan");
    doc.setField("popularity_dv", 2.0f);
    doc.setField("text", "Build roads and bridges across the country. ".repeat(50));
    cluster.getSolrClient().add("retext", doc);
    cluster.getSolrClient().commit("retext");
    long chunksBefore = countChunks("retext");

    String newText = "Lower prices for families, and more jobs in American factories. ".repeat(12);
    int expectedChunks = new RecursiveTextSplitter(500, 100).split(newText).size();
    assertTrue(expectedChunks < chunksBefore);
    SolrInputDocument atomic = new SolrInputDocument();
    atomic.setField("id", "plan");
    atomic.setField("text", Map.of("set", newText));
    long embedded =
        itemsDuring(DemoModels.configsetEmbedderSpec(), () -> {
          sendThroughSecondNode("retext", List.of(atomic));
        });
    assertEquals("the new chunks, embedded once", expectedChunks, embedded);
    assertEquals(expectedChunks, countChunks("retext"));
    SolrjQuery parent = new SolrjQuery("id:plan");
    parent.setFields("title,text,popularity_dv");
    SolrDocument updated = cluster.getSolrClient().query("retext", parent).getResults().get(0);
    assertEquals("Plan", updated.getFieldValue("title"));
    assertEquals(2.0f, updated.getFieldValue("popularity_dv"));
    assertEquals(newText, updated.getFieldValue("text"));
    SolrjQuery chunks = new SolrjQuery("_nest_path_:*");
    chunks.setFields("chunk_text");
    for (SolrDocument chunk : cluster.getSolrClient().query("retext", chunks).getResults()) {
      assertTrue(newText.contains((String) chunk.getFieldValue("chunk_text")));
    }
  }

  private static long countChunks(String collection) throws Exception {
    return cluster.getSolrClient().query(collection, new SolrjQuery("_nest_path_:*")).getResults().getNumFound();
  }

  private static Map<String, Object> chunkVectors(String collection) throws Exception {
    SolrjQuery chunks = new SolrjQuery("_nest_path_:*");
    chunks.setFields("id,vector,chunk_text");
    chunks.setRows(1000);
    Map<String, Object> vectors = new HashMap<>();
    for (SolrDocument chunk : cluster.getSolrClient().query(collection, chunks).getResults()) {
      vectors.put((String) chunk.getFieldValue("id"),
          List.of(chunk.getFieldValue("chunk_text"), chunk.getFieldValue("vector")));
    }
    return vectors;
  }

  @Test
  public void everyReplicaHoldsIdenticalVectors() throws Exception {
    DocCollection collection = cluster.getSolrClient().getClusterState().getCollection(TWO_SHARDS);
    for (Slice slice : collection.getSlices()) {
      Map<String, Object> first = null;
      for (Replica replica : slice.getReplicas()) {
        try (SolrClient core = SolrClients.plain(replica.getBaseUrl())) {
          SolrjQuery query = new SolrjQuery("_nest_path_:*");
          query.set("distrib", "false");
          query.setFields("id,vector");
          query.setRows(1000);
          Map<String, Object> vectors = new HashMap<>();
          for (SolrDocument doc : core.query(replica.getCoreName(), query).getResults()) {
            vectors.put((String) doc.getFieldValue("id"), doc.getFieldValue("vector"));
          }
          assertFalse(vectors.isEmpty());
          if (first == null) {
            first = vectors;
          } else {
            assertEquals(slice.getName(), first, vectors);
          }
        }
      }
    }
  }

  @Test
  public void replaceAddAndMultiplyGiveTheSameResultsOnTwoShardsAsOnOne() throws Exception {
    for (String options :
        List.of("", "reRankOperator=add reRankWeight=2", "reRankOperator=multiply",
            "reRankSigmoid=true", "reRankOperator=add reRankSigmoid=true",
            "reRankOperator=multiply reRankSigmoid=true")) {
      String rq = "{!cross_encoder model=reranker reRankDocs=50 " + options + " v=$qt}";
      List<Object[]> two = ranked(cluster.getSolrClient().query(TWO_SHARDS, rerank(rq, DOCS)));
      List<Object[]> one = ranked(cluster.getSolrClient().query(ONE_SHARD, rerank(rq, DOCS)));
      assertEquals(DOCS, two.size());
      for (int i = 0; i < DOCS; i++) {
        assertEquals(options + " rank " + i, one.get(i)[0], two.get(i)[0]);
        assertEquals(options + " rank " + i, (Float) one.get(i)[1], (Float) two.get(i)[1], 1e-5f);
      }
    }
  }

  @Test
  public void topKAndReRankDocsApplyPerShard() throws Throwable {
    SolrjQuery knn = rerank(null, DOCS);
    knn.set("q", "{!knn_text_to_vector model=minilm f=vector topK=5 v=$qt}");
    assertEquals("topK=5 on each of 2 shards", 10,
        cluster.getSolrClient().query(TWO_SHARDS, knn).getResults().getNumFound());
    long scored =
        pairsDuring(DemoModels.configsetRerankerSpec(), () -> cluster.getSolrClient().query(TWO_SHARDS,
            rerank("{!cross_encoder model=reranker reRankDocs=5 reRankWeight=7 v=$qt}", 10)));
    assertEquals("reRankDocs=5 on each of 2 shards", 10, scored);
  }

  @Test
  public void blendNormalisesPerShard() throws Exception {
    String rq = "{!cross_encoder model=reranker reRankDocs=50 reRankOperator=blend v=$qt}";
    Map<String, Float> two = Hits.scores(cluster.getSolrClient().query(TWO_SHARDS, rerank(rq, DOCS)));
    Map<String, Float> one = Hits.scores(cluster.getSolrClient().query(ONE_SHARD, rerank(rq, DOCS)));
    assertEquals(one.keySet(), two.keySet());
    boolean anyDiffers = false;
    for (String id : one.keySet()) {
      anyDiffers |= Math.abs(one.get(id) - two.get(id)) > 1e-4;
    }
    assertTrue("each shard min-max normalises its own window", anyDiffers);

    SolrjQuery singlePass = rerank(rq, DOCS);
    singlePass.set("distrib.singlePass", "true");
    assertEquals("singlePass changes the round trips, not the scores",
        two, Hits.scores(cluster.getSolrClient().query(TWO_SHARDS, singlePass)));
  }

  @Test
  public void pagesAreConsistentAndALaterPageComesFromTheCache() throws Throwable {
    String rq = "{!cross_encoder model=reranker reRankDocs=20 reRankWeight=5 v=$qt}";
    List<String> firstTwoPages = Hits.ids(cluster.getSolrClient().query(TWO_SHARDS, rerank(rq, 6)));
    SolrjQuery page1 = rerank(rq, 3);
    List<String> pages = new ArrayList<>(Hits.ids(cluster.getSolrClient().query(TWO_SHARDS, page1)));
    SolrjQuery page2 = rerank(rq, 3);
    page2.setStart(3);
    long scored =
        pairsDuring(DemoModels.configsetRerankerSpec(), () -> pages.addAll(Hits.ids(cluster.getSolrClient().query(TWO_SHARDS, page2))));
    assertEquals("page 2 from the query result cache", 0, scored);
    assertEquals(firstTwoPages, pages);

    SolrjQuery otherModelName =
        rerank("{!cross_encoder model=reranker_copy reRankDocs=20 reRankWeight=5 v=$qt}", 3);
    long rescored =
        pairsDuring(DemoModels.configsetRerankerSpec(), () -> cluster.getSolrClient().query(TWO_SHARDS, otherModelName));
    assertTrue("another model name is another cache key", rescored >= 20);
  }

  @Test
  public void debugQueryOnTheClusterExplainsLogitAndFinalScore() throws Exception {
    SolrjQuery query =
        rerank("{!cross_encoder model=reranker reRankDocs=20 reRankSigmoid=true reRankOperator=add v=$qt}", 3);
    query.set("debugQuery", "true");
    QueryResponse response = cluster.getSolrClient().query(TWO_SHARDS, query);
    assertEquals(3, response.getResults().size());
    for (SolrDocument hit : response.getResults()) {
      String explain = String.valueOf(response.getExplainMap().get((String) hit.getFieldValue("id")));
      assertTrue(explain, explain.contains("cross-encoder logit of model 'reranker'"));
      assertTrue(explain, explain.contains("sigmoid(logit)"));
      assertTrue(explain, explain.contains("reRankOperator=add"));
      float explained = Float.parseFloat(explain.trim().substring(0, explain.trim().indexOf(' ')));
      assertEquals(explain, (Float) hit.getFieldValue("score"), explained, 1e-5f);
    }
  }

  @Test
  public void reloadingCollectionsAndCoresKeepsTheOneLoadedModel() throws Exception {
    LoadedModel before = ModelRegistry.get().acquire(DemoModels.configsetRerankerSpec());
    try {
      CollectionAdminRequest.reloadCollection(ONE_SHARD).process(cluster.getSolrClient());
      Replica replica =
          cluster.getSolrClient().getClusterState().getCollection(TWO_SHARDS).getReplicas().get(0);
      try (SolrClient node = SolrClients.plain(replica.getBaseUrl())) {
        CoreAdminRequest.reloadCore(replica.getCoreName(), node);
      }
      LoadedModel after = ModelRegistry.get().acquire(DemoModels.configsetRerankerSpec());
      ModelRegistry.get().release(DemoModels.configsetRerankerSpec());
      assertSame("no second load", before, after);
      assertEquals(DOCS,
          cluster.getSolrClient().query(ONE_SHARD, rerank("{!cross_encoder model=reranker v=$qt}", DOCS))
              .getResults().size());
    } finally {
      ModelRegistry.get().release(DemoModels.configsetRerankerSpec());
    }
  }

  private static List<Object[]> ranked(QueryResponse response) {
    List<Object[]> ranked = new ArrayList<>();
    for (SolrDocument hit : response.getResults()) {
      ranked.add(new Object[] {hit.getFieldValue("id"), hit.getFieldValue("score")});
    }
    return ranked;
  }

}
