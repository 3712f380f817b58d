package io.github.solrneural.solr;

import io.github.solrneural.model.CrossEncoder;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.Pooling;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.ModelEngine;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.Hits;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.SolrClients;
import io.github.solrneural.testing.SolrjQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.GenericSolrRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.util.NamedList;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The whole pipeline in a real SolrCloud over HTTP, with the configset from solr-config/ and the real
 * demo models: chunking and embedding at index time, KNN by text, cross-encoder rerank.
 */
public class NeuralSolrCloudTest extends SolrCloudTestCase {
  private static final String COLLECTION = "sotu";
  private static final String DOC_ID = "state_of_the_union";
  private static final String SEED_QUERY = "What is the plan for the economy?";

  @BeforeClass
  public static void startCluster() throws Exception {
    NeuralCluster.useDemoModels();
    configureCluster(1)
        .addConfig(NeuralCluster.CONFIGSET, DemoModels.projectDir().resolve("solr-config/conf"))
        .configure();
    NeuralCluster.createCollection(cluster.getSolrClient(), cluster, COLLECTION, 1, 1);
    indexDemoDocument(COLLECTION);
  }

  @AfterClass
  public static void clearProperties() {
    System.clearProperty("neural.models.dir");
  }

  private static SolrClient client() {
    return cluster.getSolrClient();
  }

  private static void indexDemoDocument(String collection) throws Exception {
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", DOC_ID);
    doc.setField("title", "2022 State of the Union Address");
    doc.setField("text", DemoModels.demoText());
    client().add(collection, doc);
    client().commit(collection);
  }

  private static long count(String query) throws Exception {
    SolrjQuery q = new SolrjQuery(query);
    q.setRows(0);
    return client().query(COLLECTION, q).getResults().getNumFound();
  }

  private static SolrjQuery pipeline(String rerank) {
    SolrjQuery query = new SolrjQuery();
    query.set("q", "{!knn_text_to_vector model=minilm f=vector topK=20 v=$qt}");
    if (rerank != null) {
      query.set("rq", rerank);
    }
    query.set("qt", SEED_QUERY);
    query.set("fl", "id,chunk_text,score");
    query.setRows(20);
    return query;
  }

  @Test
  public void reindexingKeepsTheChunkCountAndDeletingTheParentRemovesItsChunks() throws Exception {
    String collection = "reindex";
    NeuralCluster.createCollection(client(), cluster, collection, 1, 1);
    indexDemoDocument(collection);
    SolrjQuery chunkQuery = new SolrjQuery("_nest_path_:*");
    long chunks = client().query(collection, chunkQuery).getResults().getNumFound();
    assertTrue("several chunks: " + chunks, chunks >= 78);

    indexDemoDocument(collection);
    assertEquals(chunks, client().query(collection, chunkQuery).getResults().getNumFound());
    assertEquals(
        chunks + 1, client().query(collection, new SolrjQuery("*:*")).getResults().getNumFound());

    client().deleteById(collection, DOC_ID);
    client().commit(collection);
    assertEquals(0, client().query(collection, new SolrjQuery("*:*")).getResults().getNumFound());
  }

  @Test
  public void documentsOfOneRequestAreEmbeddedTogetherAndKeepTheirOrder() throws Exception {
    String collection = "batched";
    NeuralCluster.createCollection(client(), cluster, collection, 1, 1);
    ModelSpec spec = DemoModels.configsetEmbedderSpec();
    LoadedModel embedder = ModelRegistry.get().acquire(spec);
    try {
      UpdateRequest update = new UpdateRequest();
      for (int i = 0; i < 10; i++) {
        SolrInputDocument doc = new SolrInputDocument();
        doc.setField("id", "d" + i);
        doc.setField("text", "Document number " + i + " is about jobs and prices.");
        update.add(doc);
      }
      update.deleteById("d3"); // after the adds: d3 must end up deleted
      SolrInputDocument late = new SolrInputDocument();
      late.setField("id", "d3");
      late.setField("text", "Added again after the delete.");
      UpdateRequest again = new UpdateRequest();
      again.add(late);
      long passes = embedder.forwardPasses();
      update.process(client(), collection);
      assertEquals("10 one-chunk documents, batch size 32: one forward pass",
          passes + 1, embedder.forwardPasses());
      client().commit(collection);
      assertEquals(9, client().query(collection, new SolrjQuery("_nest_path_:*")).getResults().getNumFound());
      assertEquals(0, client().query(collection, new SolrjQuery("id:d3")).getResults().getNumFound());
      again.process(client(), collection);
      client().commit(collection);
      SolrjQuery chunk = new SolrjQuery("id:\"d3#0\"");
      chunk.setFields("chunk_text");
      assertEquals("Added again after the delete.",
          client().query(collection, chunk).getResults().get(0).getFieldValue("chunk_text"));
    } finally {
      ModelRegistry.get().release(spec);
    }
  }

  @Test
  public void wholeDocumentChainPutsTheVectorOnTheDocumentAndReportsTruncation() throws Exception {
    String collection = "whole";
    NeuralCluster.createCollection(client(), cluster, collection, 1, 1);
    UpdateRequest update = new UpdateRequest();
    update.setParam("update.chain", "whole-document");
    SolrInputDocument shortDoc = new SolrInputDocument();
    shortDoc.setField("id", "short");
    shortDoc.setField("title", "Jobs");
    shortDoc.setField("text", "The economy added jobs.");
    SolrInputDocument longDoc = new SolrInputDocument();
    longDoc.setField("id", "long");
    longDoc.setField("text", "The economy added many jobs last year. ".repeat(60));
    update.add(shortDoc);
    update.add(longDoc);
    update.commit(client(), collection);

    SolrjQuery all = new SolrjQuery("*:*");
    all.setFields("id,vector,embedding_truncated");
    all.setSort("id", SolrjQuery.ORDER.asc);
    SolrDocumentList docs = client().query(collection, all).getResults();
    assertEquals("no chunk children", 2, docs.getNumFound());
    assertEquals("long", docs.get(0).getFieldValue("id"));
    assertEquals(Boolean.TRUE, docs.get(0).getFieldValue("embedding_truncated"));
    assertEquals(384, ((List<?>) docs.get(0).getFieldValue("vector")).size());
    assertEquals("short", docs.get(1).getFieldValue("id"));
    assertNull(docs.get(1).getFieldValue("embedding_truncated"));
    assertEquals(384, ((List<?>) docs.get(1).getFieldValue("vector")).size());
  }

  @Test
  public void aDocumentWithoutTextIsABadRequestNamingTheField() {
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", "empty");
    doc.setField("title", "no body");
    SolrException error = expectThrows(SolrException.class, () -> client().add(COLLECTION, doc));
    assertEquals(400, error.code());
    assertTrue(error.getMessage(), error.getMessage().contains("input field(s) [text]"));
    assertTrue(error.getMessage(), error.getMessage().contains("'empty'"));
  }

  @Test
  public void demoDocumentIsChunkedIntoChildrenWithVectorsAndOffsets() throws Exception {
    long chunks = count("_nest_path_:*");
    // 39 kB in chunks of at most 500 characters with 100 of overlap
    assertTrue("chunks: " + chunks, chunks >= 78 && chunks <= 120);
    assertEquals(chunks + 1, count("*:*"));
    SolrjQuery first = new SolrjQuery("id:\"" + DOC_ID + "#0\"");
    first.setFields("id,chunk_text,chunk_index,chunk_start,chunk_end,vector,_root_");
    SolrDocument chunk = client().query(COLLECTION, first).getResults().get(0);
    assertEquals(DOC_ID, chunk.getFieldValue("_root_"));
    assertEquals(0, chunk.getFieldValue("chunk_index"));
    String text = (String) chunk.getFieldValue("chunk_text");
    assertTrue(text.length() <= 500);
    assertEquals(
        text.length(),
        (int) chunk.getFieldValue("chunk_end") - (int) chunk.getFieldValue("chunk_start"));
    assertEquals(384, ((List<?>) chunk.getFieldValue("vector")).size());
  }

  @Test
  public void seedQueryReturnsTheThreeBestOfTheTwentyNearest() throws Exception {
    SolrjQuery query = pipeline("{!cross_encoder model=reranker reRankDocs=20 v=$qt}");
    query.setRows(3);
    SolrDocumentList hits = client().query(COLLECTION, query).getResults();
    assertEquals(3, hits.size());
    String top = ((String) hits.get(0).getFieldValue("chunk_text")).toLowerCase(Locale.ROOT);
    assertTrue(top, top.matches("(?s).*(economy|jobs|prices|inflation).*"));
    float previous = Float.MAX_VALUE;
    for (SolrDocument hit : hits) {
      float score = (Float) hit.getFieldValue("score");
      assertTrue(score <= previous);
      previous = score;
    }
  }

  @Test
  public void everyModeCombinesTheCrossEncoderLogitWithTheKnnScoreAsDocumented() throws Exception {
    Map<String, Float> knn = Hits.scores(client().query(COLLECTION, pipeline(null)));
    assertEquals(20, knn.size());
    QueryResponse replaced =
        client().query(COLLECTION, pipeline("{!cross_encoder model=reranker reRankDocs=20 v=$qt}"));
    Map<String, Float> logits = Hits.scores(replaced);
    assertEquals(knn.keySet(), logits.keySet());

    // The logits Solr returns are the cross-encoder's own, computed here one pair at a time.
    ModelSpec spec = DemoModels.configsetRerankerSpec();
    LoadedModel model = ModelRegistry.get().acquire(spec);
    try {
      CrossEncoder crossEncoder = new CrossEncoder(model);
      for (SolrDocument hit : replaced.getResults()) {
        float expected =
            crossEncoder.score(SEED_QUERY, List.of((String) hit.getFieldValue("chunk_text")))[0];
        assertEquals((Float) hit.getFieldValue("score"), expected, 1e-4f);
      }
    } finally {
      ModelRegistry.get().release(spec);
    }

    Map<String, Float> added =
        Hits.scores(client().query(COLLECTION, pipeline(
            "{!cross_encoder model=reranker reRankDocs=20 reRankOperator=add reRankWeight=2 v=$qt}")));
    Map<String, Float> multiplied =
        Hits.scores(client().query(COLLECTION, pipeline(
            "{!cross_encoder model=reranker reRankDocs=20 reRankOperator=multiply v=$qt}")));
    Map<String, Float> sigmoid =
        Hits.scores(client().query(COLLECTION, pipeline(
            "{!cross_encoder model=reranker reRankDocs=20 reRankSigmoid=true v=$qt}")));
    Map<String, Float> blended =
        Hits.scores(client().query(COLLECTION, pipeline(
            "{!cross_encoder model=reranker reRankDocs=20 reRankOperator=blend v=$qt}")));
    float knnMin = min(knn), knnMax = max(knn), logitMin = min(logits), logitMax = max(logits);
    for (String id : knn.keySet()) {
      float k = knn.get(id);
      float l = logits.get(id);
      assertEquals(id, k + 2 * l, added.get(id), 1e-4f);
      assertEquals(id, k * l, multiplied.get(id), 1e-4f);
      assertEquals(id, 1 / (1 + Math.exp(-l)), sigmoid.get(id), 1e-5f);
      float blend =
          0.5f * (k - knnMin) / (knnMax - knnMin) + 0.5f * (l - logitMin) / (logitMax - logitMin);
      assertEquals(id, blend, blended.get(id), 1e-4f);
    }
  }

  @Test
  public void aSecondPageComesFromTheQueryResultCacheWithoutRunningTheModel() throws Exception {
    ModelSpec spec = DemoModels.configsetRerankerSpec();
    LoadedModel model = ModelRegistry.get().acquire(spec);
    try {
      SolrjQuery first = pipeline("{!cross_encoder model=reranker reRankDocs=20 reRankWeight=3 v=$qt}");
      first.setRows(3);
      List<String> page1 = Hits.ids(client().query(COLLECTION, first));
      long passes = model.forwardPasses();
      SolrjQuery second = first.copy();
      second.setStart(3);
      List<String> page2 = Hits.ids(client().query(COLLECTION, second));
      assertEquals("page 2 served from the cache", passes, model.forwardPasses());
      assertEquals(3, page2.size());
      assertTrue(java.util.Collections.disjoint(page1, page2));
      SolrjQuery both = first.copy();
      both.setRows(6);
      List<String> expected = new ArrayList<>(page1);
      expected.addAll(page2);
      assertEquals(expected, Hits.ids(client().query(COLLECTION, both)));

      SolrjQuery otherWeight = first.copy();
      otherWeight.set("rq", "{!cross_encoder model=reranker reRankDocs=20 reRankWeight=4 v=$qt}");
      long pairHits = model.pairCache().hits();
      client().query(COLLECTION, otherWeight);
      // Another weight is another result-cache entry: the rerank runs again, its pairs cached.
      assertTrue("another weight is another cache entry", model.pairCache().hits() > pairHits);
      assertEquals("every pair scored before", passes, model.forwardPasses());
    } finally {
      ModelRegistry.get().release(spec);
    }
  }

  @Test
  public void parentFiltersAndOneHitPerParentWorkWithKnnAndRerank() throws Exception {
    String collection = "filters";
    NeuralCluster.createCollection(client(), cluster, collection, 1, 1);
    String[][] docs = {
      {"budget", "Budget", "The economy needs lower prices. " + "Jobs grow when factories open. ".repeat(30)},
      {"health", "Health", "Hospitals need more nurses. " + "Cancer research saves lives. ".repeat(30)}
    };
    for (String[] fields : docs) {
      SolrInputDocument doc = new SolrInputDocument();
      doc.setField("id", fields[0]);
      doc.setField("title", fields[1]);
      doc.setField("text", fields[2]);
      client().add(collection, doc);
    }
    client().commit(collection);

    SolrjQuery onlyHealth = pipeline("{!cross_encoder model=reranker reRankDocs=20 v=$qt}");
    onlyHealth.addFilterQuery("{!child of=\"*:* -_nest_path_:*\"}title:health");
    onlyHealth.setFields("id,_root_");
    SolrDocumentList hits = client().query(collection, onlyHealth).getResults();
    assertTrue(hits.size() > 1);
    for (SolrDocument hit : hits) {
      assertEquals("health", hit.getFieldValue("_root_"));
    }

    SolrjQuery onePerParent = pipeline("{!cross_encoder model=reranker reRankDocs=20 v=$qt}");
    onePerParent.addFilterQuery("{!collapse field=_root_}");
    onePerParent.setFields("id,_root_,score");
    hits = client().query(collection, onePerParent).getResults();
    assertEquals(2, hits.size());
    assertEquals("budget", hits.get(0).getFieldValue("_root_"));
    assertEquals("health", hits.get(1).getFieldValue("_root_"));
  }

  @Test
  public void reRankDocsBelowTheHitCountRerankOnlyTheTopOfTheFirstStage() throws Exception {
    List<String> knnOrder = Hits.ids(client().query(COLLECTION, pipeline(null)));
    List<String> reranked =
        Hits.ids(client().query(COLLECTION, pipeline("{!cross_encoder model=reranker reRankDocs=5 v=$qt}")));
    assertEquals(new java.util.HashSet<>(knnOrder.subList(0, 5)),
        new java.util.HashSet<>(reranked.subList(0, 5)));
    assertEquals(knnOrder.subList(5, 20), reranked.subList(5, 20));
  }

  @Test
  public void debugQueryExplainsLogitAndFinalScore() throws Exception {
    SolrjQuery query = pipeline("{!cross_encoder model=reranker reRankDocs=20 reRankOperator=blend v=$qt}");
    query.setRows(3);
    query.set("debugQuery", "true");
    QueryResponse response = client().query(COLLECTION, query);
    Map<String, Object> explain = response.getExplainMap();
    for (SolrDocument hit : response.getResults()) {
      String text = String.valueOf(explain.get((String) hit.getFieldValue("id")));
      assertTrue(text, text.contains("cross-encoder logit of model 'reranker'"));
      assertTrue(text, text.contains("reRankOperator=blend"));
    }
  }

  @Test
  public void badParametersAreBadRequestsThatNameTheParameter() throws Exception {
    assertBadRequest(pipeline("{!cross_encoder model=nope v=$qt}"), "'model'", "nope");
    assertBadRequest(pipeline("{!cross_encoder model=reranker}"), "'v'");
    assertBadRequest(pipeline("{!cross_encoder model=reranker reRankDocs=0 v=$qt}"), "'reRankDocs'");
    assertBadRequest(pipeline("{!cross_encoder model=reranker reRankDocs=-3 v=$qt}"), "'reRankDocs'");
    assertBadRequest(pipeline("{!cross_encoder model=reranker reRankDocs=lots v=$qt}"), "'reRankDocs'");
    assertBadRequest(pipeline("{!cross_encoder model=reranker reRankOperator=max v=$qt}"), "'reRankOperator'");
    assertBadRequest(pipeline("{!cross_encoder model=minilm v=$qt}"), "'model'", "embedding");
    assertBadRequest(pipeline("{!cross_encoder model=reranker f=nope v=$qt}"), "'f'");

    SolrjQuery knn = pipeline(null);
    knn.set("q", "{!knn_text_to_vector model=nope f=vector v=$qt}");
    assertBadRequest(knn, "'model'", "nope");
    knn.set("q", "{!knn_text_to_vector model=reranker f=vector v=$qt}");
    assertBadRequest(knn, "'model'", "cross-encoder");
    knn.set("q", "{!knn_text_to_vector model=minilm f=vector}");
    assertBadRequest(knn, "'v'");
    knn.set("q", "{!knn_text_to_vector model=minilm v=$qt}");
    assertBadRequest(knn, "'f'");
    knn.set("q", "{!knn_text_to_vector model=minilm f=vector topK=0 v=$qt}");
    assertBadRequest(knn, "'topK'");
  }

  @Test
  public void aFieldCannotBeQueriedWithAnotherModelOfTheSameDimension() throws Exception {
    // A configset with a second 384-dimensional embedder: the same network with CLS pooling.
    Path conf =
        NeuralCluster.configsetWithModel(createTempDir("conf-two-embedders"), "minilm_cls",
            DemoModels.prepare().resolve(DemoModels.EMBEDDER), "OnnxRuntime", "embedding",
            Map.of("pooling", "cls"));
    cluster.uploadConfigSet(conf, "two-embedders");
    CollectionAdminRequest.createCollection("guarded", "two-embedders", 1, 1).process(client());
    cluster.waitForActiveCollection("guarded", 1, 1);

    SolrjQuery query = pipeline(null);
    query.set("q", "{!knn_text_to_vector model=minilm_cls f=vector v=$qt}");
    SolrException error =
        expectThrows(
            SolrClients.REMOTE_ERROR, () -> client().query("guarded", query));
    assertEquals(400, error.code());
    assertTrue(error.getMessage(), error.getMessage().contains("indexed with model 'minilm'"));
    query.set("q", "{!knn_text_to_vector model=minilm f=vector v=$qt}");
    assertEquals(0, client().query("guarded", query).getResults().getNumFound());
  }

  @Test
  public void aModelThatFailsAtInferenceIsAServerErrorNamingTheModelAndTheCoreStaysUp()
      throws Exception {
    // The fragile tiny cross-encoder fails at inference on any pair holding the word "road".
    Path tiny =
        DemoModels.projectDir().resolve("src/test/resources/tiny-models/fragile-cross-encoder");
    Path conf =
        NeuralCluster.configsetWithModel(
            createTempDir("conf-broken"), "broken_reranker", tiny, "OnnxRuntime", "cross-encoder");
    cluster.uploadConfigSet(conf, "broken");
    CollectionAdminRequest.createCollection("broken", "broken", 1, 1).process(client());
    cluster.waitForActiveCollection("broken", 1, 1);
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", "long");
    doc.setField("text", "the road to the economy is more jobs and lower prices ".repeat(40));
    doc.setField("passage_t", doc.getFieldValue("text"));
    UpdateRequest update = new UpdateRequest();
    update.setParam("update.chain", "whole-document");
    update.add(doc);
    update.commit(client(), "broken");

    ModelSpec brokenSpec =
        ModelSpec.builder(tiny.toAbsolutePath()
            .normalize(), ModelEngine.ONNX_RUNTIME, ModelKind.CROSS_ENCODER)
            .maxLength(256)
            .pooling(Pooling.MEAN)
            .normalize(false)
            .batchSize(16)
            .maxConcurrentInferences(ModelSpec.defaultConcurrency())
            .build();
    LoadedModel broken = ModelRegistry.get().acquire(brokenSpec);
    try {
      long failuresBefore = broken.failures();
      SolrjQuery query = new SolrjQuery("*:*");
      query.set("rq", "{!cross_encoder model=broken_reranker f=passage_t reRankDocs=5 v=$qt}");
      query.set("qt", SEED_QUERY);
      SolrException error;
      // A plain HTTP client, as curl would see it (the cloud client retries 5xx elsewhere).
      try (SolrClient node =
          SolrClients.plain(cluster.getJettySolrRunner(0).getBaseUrl().toString())) {
        error =
            expectThrows(
                SolrClients.REMOTE_ERROR, () -> node.query("broken", query));
      }
      assertEquals(error.getMessage(), 500, error.code());
      assertTrue(error.getMessage(),
          error.getMessage().contains("cross-encoder model 'broken_reranker' failed at inference"));
      assertEquals(failuresBefore + 1, broken.failures());
    } finally {
      ModelRegistry.get().release(brokenSpec);
    }
    SolrjQuery working = new SolrjQuery("*:*");
    working.set("rq", "{!cross_encoder model=reranker f=passage_t reRankDocs=5 v=$qt}");
    working.set("qt", SEED_QUERY);
    assertEquals(1, client().query("broken", working).getResults().size());
  }

  @Test
  public void semanticHandlerGivesTheSeedPipelineFromPlainQ() throws Exception {
    SolrjQuery query = new SolrjQuery(SEED_QUERY);
    query.setRequestHandler("/semantic");
    SolrDocumentList hits = client().query(COLLECTION, query).getResults();
    assertEquals(3, hits.size());
    for (SolrDocument hit : hits) {
      assertTrue(((String) hit.getFieldValue("id")).startsWith(DOC_ID + "#"));
      float score = (Float) hit.getFieldValue("score");
      assertTrue("blend scores lie in [0, 1]: " + score, score >= 0 && score <= 1);
    }
  }

  @Test
  public void modelStoreListsTheConfiguredModels() throws Exception {
    GenericSolrRequest request =
        new GenericSolrRequest(SolrRequest.METHOD.GET, "/neural/models", new ModifiableSolrParams())
            .setRequiresCollection(true);
    NamedList<Object> response = client().request(request, COLLECTION);
    List<?> listed = (List<?>) response.get("models");
    assertEquals(2, listed.size());
    String text = listed.toString();
    assertTrue(text, text.contains("name=minilm") && text.contains("outputDimension=384"));
    assertTrue(text, text.contains("name=reranker") && text.contains("kind=cross-encoder"));
  }

  @Test
  public void aReducedPrecisionVariantIsChosenInSolrconfigAndListed() throws Exception {
    // The demo embedder's folder holds the int8 export beside the float32 one.
    Path conf =
        NeuralCluster.configsetWithModelSettings(
            createTempDir("conf-int8"), Map.of("minilm", Map.of("variant", "int8")));
    cluster.uploadConfigSet(conf, "int8");
    CollectionAdminRequest.createCollection("int8", "int8", 1, 1).process(client());
    cluster.waitForActiveCollection("int8", 1, 1);

    GenericSolrRequest request =
        new GenericSolrRequest(SolrRequest.METHOD.GET, "/neural/models", new ModifiableSolrParams())
            .setRequiresCollection(true);
    List<?> listed = (List<?>) client().request(request, "int8").get("models");
    String minilm = listed.stream().map(Object::toString).filter(m -> m.contains("name=minilm"))
        .findFirst().orElseThrow();
    assertTrue(minilm, minilm.contains("modelFile=model-int8.onnx") && minilm.contains("variant=int8"));
    assertTrue(minilm, minilm.contains("intraOpThreads="));

    // The core loaded the int8 file, and it serves at index and query time like the float32 one.
    ModelSpec int8 = DemoModels.configsetEmbedderSpec().toBuilder().variant("int8").build();
    assertEquals(1, ModelRegistry.get().referenceCount(int8));
    indexDemoDocument("int8");
    SolrjQuery query = pipeline(null);
    query.setRows(3);
    SolrDocumentList int8Hits = client().query("int8", query).getResults();
    SolrDocumentList fp32Hits = client().query(COLLECTION, query).getResults();
    assertEquals(3, int8Hits.size());
    assertEquals(fp32Hits.get(0).getFieldValue("id"), int8Hits.get(0).getFieldValue("id"));
    CollectionAdminRequest.deleteCollection("int8").process(client());
    assertEquals(0, ModelRegistry.get().referenceCount(int8));
  }

  private static void assertBadRequest(SolrjQuery query, String... expectedParts) {
    SolrException error =
        expectThrows(
            SolrClients.REMOTE_ERROR,
            () -> client().query(COLLECTION, query));
    assertEquals(error.getMessage(), 400, error.code());
    for (String part : expectedParts) {
      assertTrue(error.getMessage(), error.getMessage().contains(part));
    }
  }

  private static float min(Map<String, Float> scores) {
    return scores.values().stream().min(Float::compare).orElseThrow();
  }

  private static float max(Map<String, Float> scores) {
    return scores.values().stream().max(Float::compare).orElseThrow();
  }
}
