package io.github.solrneural.solr;

import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.settings.SettingsReader;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.Hits;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.SolrClients;
import io.github.solrneural.testing.SolrjQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.GenericSolrRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.request.schema.AnalyzerDefinition;
import org.apache.solr.client.solrj.request.schema.FieldTypeDefinition;
import org.apache.solr.client.solrj.request.schema.SchemaRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.util.NamedList;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Bad query input over HTTP, one test per kind: each is a 400 naming the parameter (and the field
 * or model), or, for a huge rerank window and a 100 KB text, an answer that says what was cut.
 */
public class BadQueryInputTest extends SolrCloudTestCase {
  private static final String COLLECTION = "bad_query";
  private static final String CONFIGSET = "bad-query";
  private static final int MAX_RERANK_DOCS = 10;
  private static final String QUERY = "What is the plan for the economy?";
  private static final int DOCS = 16;

  @BeforeClass
  public static void startCluster() throws Exception {
    NeuralCluster.useDemoModels();
    // A small cap, so that capping a huge window visibly changes what is reranked.
    Path conf =
        NeuralCluster.configsetVariant(createTempDir("conf-bad-query"), config -> config.replace(
            "<int name=\"maxReRankDocs\">1000</int>",
            "<int name=\"maxReRankDocs\">" + MAX_RERANK_DOCS + "</int>"));
    configureCluster(1).addConfig(CONFIGSET, conf).configure();
    CollectionAdminRequest.createCollection(COLLECTION, CONFIGSET, 1, 1).process(client());
    cluster.waitForActiveCollection(COLLECTION, 1, 1);
    addPassageFields();
    indexParagraphs();
  }

  @AfterClass
  public static void clearProperties() {
    System.clearProperty("neural.models.dir");
  }

  private static SolrClient client() {
    return cluster.getSolrClient();
  }

  /** The same passage in fields read four ways: stored, docValues of two types, and neither. */
  private static void addPassageFields() throws Exception {
    FieldTypeDefinition sortableText = new FieldTypeDefinition();
    sortableText.setAttributes(
        Map.of("name", "sortable_text", "class", "solr.SortableTextField"));
    AnalyzerDefinition analyzer = new AnalyzerDefinition();
    analyzer.setTokenizer(Map.of("class", "solr.StandardTokenizerFactory"));
    sortableText.setAnalyzer(analyzer);
    new SchemaRequest.AddFieldType(sortableText).process(client(), COLLECTION);
    addField("passage_dv", "string", false, false, true);
    addField("passage_sortable", "sortable_text", true, false, true);
    addField("passage_none", "string", true, false, false);
  }

  private static void addField(
      String name, String type, boolean indexed, boolean stored, boolean docValues)
      throws Exception {
    Map<String, Object> field = new LinkedHashMap<>();
    field.put("name", name);
    field.put("type", type);
    field.put("indexed", indexed);
    field.put("stored", stored);
    field.put("docValues", docValues);
    new SchemaRequest.AddField(field).process(client(), COLLECTION);
  }

  /** Paragraphs of the demo document, each embedded whole and short enough for any docValues. */
  private static void indexParagraphs() throws Exception {
    UpdateRequest update = new UpdateRequest();
    update.setParam("update.chain", "whole-document");
    int added = 0;
    for (String paragraph : DemoModels.demoText().split("\n\\s*\n")) {
      if (paragraph.length() < 150 || paragraph.length() > 900 || added == DOCS) {
        continue;
      }
      SolrInputDocument doc = new SolrInputDocument();
      doc.setField("id", "p" + added++);
      doc.setField("text", paragraph);
      doc.setField("passage_t", paragraph);
      doc.setField("passage_dv", paragraph);
      doc.setField("passage_sortable", paragraph);
      doc.setField("passage_none", paragraph);
      doc.setField("popularity_dv", 1.5f);
      update.add(doc);
    }
    update.commit(client(), COLLECTION);
  }

  private static SolrjQuery knn(String rerank) {
    SolrjQuery query = new SolrjQuery();
    query.set("q", "{!knn_text_to_vector model=minilm f=vector topK=" + DOCS + " v=$qt}");
    if (rerank != null) {
      query.set("rq", rerank);
    }
    query.set("qt", QUERY);
    query.set("fl", "id,score");
    query.setRows(DOCS);
    return query;
  }

  private static SolrjQuery rerank(String localParams) {
    return knn("{!cross_encoder " + localParams + "}");
  }

  private static String assertBadRequest(SolrjQuery query, String... expectedParts) {
    SolrException error =
        expectThrows(
            SolrClients.REMOTE_ERROR,
            () -> client().query(COLLECTION, query, SolrRequest.METHOD.POST));
    assertEquals(error.getMessage(), 400, error.code());
    for (String part : expectedParts) {
      assertTrue("'" + part + "' in: " + error.getMessage(), error.getMessage().contains(part));
    }
    return error.getMessage();
  }

  private static SolrjQuery withKnn(String localParams) {
    SolrjQuery query = knn(null);
    query.set("q", "{!knn_text_to_vector " + localParams + "}");
    return query;
  }

  @Test
  public void anUnknownModelIsABadRequestNamingTheParameterAndTheConfiguredModels() {
    assertBadRequest(rerank("model=nope v=$qt"),
        "parameter 'model' names unknown model 'nope'", "[minilm, reranker]");
    assertBadRequest(withKnn("model=nope f=vector v=$qt"),
        "parameter 'model' names unknown model 'nope'", "[minilm, reranker]");
  }

  @Test
  public void aModelOfTheWrongKindIsABadRequest() {
    assertBadRequest(rerank("model=minilm v=$qt"),
        "parameter 'model' names model 'minilm'", "which is an embedding model, not a cross-encoder model");
    assertBadRequest(withKnn("model=reranker f=vector v=$qt"),
        "parameter 'model' names model 'reranker'", "which is a cross-encoder model, not an embedding model");
  }

  @Test
  public void anEmptyOrMissingQueryTextIsABadRequestNamingV() {
    String[] texts = {"", "   ", "\t\n"};
    assertBadRequest(rerank("model=reranker"), "the query text to rerank with is missing", "'v'");
    assertBadRequest(withKnn("model=minilm f=vector"), "the query text to embed is missing", "'v'");
    for (String text : texts) {
      SolrjQuery reranked = rerank("model=reranker f=passage_t v=$rt");
      reranked.set("rt", text);
      assertBadRequest(reranked, "the query text to rerank with is missing", "'v'");
      SolrjQuery knn = withKnn("model=minilm f=vector v=$qt");
      knn.set("qt", text);
      assertBadRequest(knn, "the query text to embed is missing", "'v'");
    }
    // v pointing at a parameter the request does not have
    assertBadRequest(rerank("model=reranker f=passage_t v=$absent"),
        "the query text to rerank with is missing", "'v'");
    assertBadRequest(withKnn("model=minilm f=vector v=$absent"),
        "the query text to embed is missing", "'v'");
  }

  @Test
  public void reRankDocsZeroNegativeOrNotAnIntegerIsABadRequestNamingIt() {
    assertBadRequest(rerank("model=reranker f=passage_t reRankDocs=0 v=$qt"),
        "parameter 'reRankDocs' must be at least 1, got 0");
    assertBadRequest(rerank("model=reranker f=passage_t reRankDocs=-3 v=$qt"),
        "parameter 'reRankDocs' must be at least 1, got -3");
    assertBadRequest(rerank("model=reranker f=passage_t reRankDocs=-99999999999999999999 v=$qt"),
        "parameter 'reRankDocs' must be at least 1");
    for (String notAnInteger : List.of("lots", "1.5", "1e3", "0x10")) {
      assertBadRequest(rerank("model=reranker f=passage_t reRankDocs=" + notAnInteger + " v=$qt"),
          "parameter 'reRankDocs' must be an integer, got '" + notAnInteger + "'");
    }
  }

  @Test
  public void aBadBooleanOrNumberInTheRerankLocalParamsIsABadRequestNamingIt() {
    assertBadRequest(rerank("model=reranker f=passage_t reRankSigmoid=yes v=$qt"),
        "parameter 'reRankSigmoid' must be true or false, got 'yes'");
    assertBadRequest(rerank("model=reranker f=passage_t reRankWeight=heavy v=$qt"),
        "parameter 'reRankWeight' must be a finite number, got 'heavy'");
    assertBadRequest(rerank("model=reranker f=passage_t reRankTimeAllowed=0 v=$qt"),
        "parameter 'reRankTimeAllowed' must be at least 1, or -1 for no limit; got 0");
    assertBadRequest(rerank("model=reranker f=passage_t reRankOperator=max v=$qt"),
        "parameter 'reRankOperator' must be one of replace, add, multiply, blend; got 'max'");
  }

  @Test
  public void anUnknownLocalParamIsABadRequestNamingIt() {
    // A misspelt reRankDocs would otherwise rerank the default window without a word.
    assertBadRequest(rerank("model=reranker f=passage_t reRankDoc=5 v=$qt"),
        "unknown parameter 'reRankDoc' of {!cross_encoder}", "reRankDocs");
    assertBadRequest(withKnn("model=minilm f=vector topk=5 v=$qt"),
        "unknown parameter 'topk' of {!knn_text_to_vector}", "topK");
    assertBadRequest(withKnn("model=minilm f=vector topK=ten v=$qt"),
        "parameter 'topK' must be an integer, got 'ten'");
  }

  @Test
  public void solrsOwnLocalParamsAreStillTaken() throws Exception {
    SolrjQuery query = knn("{!cross_encoder model=reranker f=passage_t reRankDocs=10 cache=false"
        + " tag=rr v=$qt}");
    query.set("q", "{!knn_text_to_vector model=minilm f=vector topK=" + DOCS
        + " cache=false cost=1 tag=main includeTags=none v=$qt}");
    assertEquals(DOCS, client().query(COLLECTION, query).getResults().size());
  }

  @Test
  public void aHugeReRankDocsIsCappedToMaxReRankDocsAndTheResponseSaysSo() throws Exception {
    Map<String, Float> firstStage = Hits.scores(client().query(COLLECTION, knn(null)));
    QueryResponse atTheCap =
        client().query(COLLECTION, rerank("model=reranker f=passage_t reRankDocs=10 v=$qt"));
    assertNull("no warning within the cap", atTheCap.getResponseHeader().get("warnings"));
    for (String huge : List.of("11", "1000000", "99999999999999999999")) {
      QueryResponse capped =
          client().query(
              COLLECTION, rerank("model=reranker f=passage_t reRankDocs=" + huge + " v=$qt"));
      NamedList<?> warnings = (NamedList<?>) capped.getResponseHeader().get("warnings");
      assertNotNull("the response says it was capped: " + capped.getResponseHeader(), warnings);
      assertEquals(
          "reRankDocs=" + huge + " is above maxReRankDocs=" + MAX_RERANK_DOCS + "; capped to "
              + MAX_RERANK_DOCS,
          warnings.get("reRankDocs"));
      Map<String, Float> scores = Hits.scores(capped);
      assertEquals("reranked as reRankDocs=10", Hits.ids(atTheCap), Hits.ids(capped));
      assertEquals(Hits.scores(atTheCap), scores);
      long keptFirstStage =
          scores.keySet().stream().filter(id -> scores.get(id).equals(firstStage.get(id))).count();
      assertEquals("only the top 10 of " + DOCS + " were reranked", DOCS - MAX_RERANK_DOCS,
          keptFirstStage);
    }
  }

  @Test
  public void aRerankFieldThatIsNeitherStoredNorDocValuesIsABadRequestNamingIt() {
    assertBadRequest(rerank("model=reranker f=passage_none v=$qt"),
        "parameter 'f' names field 'passage_none', which is neither stored nor a string or text"
            + " field with docValues");
    // docValues, but numbers: no passage to read
    assertBadRequest(rerank("model=reranker f=popularity_dv v=$qt"),
        "parameter 'f' names field 'popularity_dv', which is neither stored nor");
    assertBadRequest(rerank("model=reranker f=no_such_field v=$qt"),
        "parameter 'f' names unknown field 'no_such_field'");
  }

  @Test
  public void docValuesOnlyStringAndSortableTextFieldsArePassageSources() throws Exception {
    Map<String, Float> firstStage = Hits.scores(client().query(COLLECTION, knn(null)));
    Map<String, Float> stored =
        Hits.scores(client().query(COLLECTION, rerank("model=reranker f=passage_t reRankDocs=10 v=$qt")));
    assertNotEquals("the rerank ran", firstStage, stored);
    for (String field : List.of("passage_dv", "passage_sortable")) {
      Map<String, Float> fromDocValues =
          Hits.scores(client().query(COLLECTION,
              rerank("model=reranker f=" + field + " reRankDocs=10 v=$qt")));
      assertEquals(field, stored.keySet(), fromDocValues.keySet());
      for (String id : stored.keySet()) {
        assertEquals(field + " " + id, stored.get(id), fromDocValues.get(id), 1e-5f);
      }
    }
  }

  @Test
  public void a100KbQueryTextIsServedAndCutToTheTokensTheModelsRead() throws Exception {
    StringBuilder builder = new StringBuilder();
    while (builder.length() < 100 * 1024) {
      builder.append(QUERY).append(" Jobs, prices and factories. ");
    }
    String longText = builder.toString();
    // Far more than 256 tokens: the models read the same tokens of both texts.
    String prefix = longText.substring(0, 5_000);
    for (String rerank : new String[] {null, "{!cross_encoder model=reranker f=passage_t v=$qt}"}) {
      SolrjQuery full = knn(rerank);
      full.set("qt", longText);
      // 100 KB do not fit in a URL: POST, as curl --data-urlencode does.
      QueryResponse fullResponse = client().query(COLLECTION, full, SolrRequest.METHOD.POST);
      SolrjQuery cut = knn(rerank);
      cut.set("qt", prefix);
      QueryResponse cutResponse = client().query(COLLECTION, cut, SolrRequest.METHOD.POST);
      assertEquals(DOCS, fullResponse.getResults().size());
      assertEquals(Hits.ids(cutResponse), Hits.ids(fullResponse));
      Map<String, Float> expected = Hits.scores(cutResponse);
      Map<String, Float> actual = Hits.scores(fullResponse);
      for (String id : expected.keySet()) {
        assertEquals(rerank + " " + id, expected.get(id), actual.get(id), 1e-5f);
      }
    }
  }

  @Test
  public void noQueryParameterMakesThePluginReadAPath() throws Exception {
    Set<ModelSpec> loadedBefore = ModelRegistry.get().loaded();
    List<String> listedBefore = listedModels();
    Path modelFolder = DemoModels.prepare().resolve(DemoModels.EMBEDDER).toAbsolutePath();
    Path rerankerFolder = DemoModels.prepare().resolve(DemoModels.RERANKER).toAbsolutePath();
    List<String> paths =
        new ArrayList<>(List.of("/etc/passwd", "../../models/" + DemoModels.RERANKER,
            modelFolder.toString(), modelFolder.resolve("model.onnx").toString(),
            rerankerFolder.toString(), "file:" + rerankerFolder));
    for (String path : paths) {
      SolrjQuery reranked = rerank("model=$m f=passage_t v=$qt");
      reranked.set("m", path);
      // Quoted to 32 characters, as every bad value is.
      assertBadRequest(reranked,
          "parameter 'model' names unknown model '" + SettingsReader.quoted(path) + "'");
      SolrjQuery knn = withKnn("model=$m f=vector v=$qt");
      knn.set("m", path);
      assertBadRequest(knn,
          "parameter 'model' names unknown model '" + SettingsReader.quoted(path) + "'");
      SolrjQuery field = rerank("model=reranker f=$m v=$qt");
      field.set("m", path);
      assertBadRequest(field,
          "parameter 'f' names unknown field '" + SettingsReader.quoted(path) + "'");
    }
    assertEquals("no model was loaded", loadedBefore, ModelRegistry.get().loaded());
    assertEquals(listedBefore, listedModels());
  }

  /** Each listed model's name, backend and path: what a path smuggled in would change. */
  private static List<String> listedModels() throws Exception {
    NamedList<Object> response =
        client().request(
            new GenericSolrRequest(
                SolrRequest.METHOD.GET, "/neural/models", new ModifiableSolrParams())
                .setRequiresCollection(true),
            COLLECTION);
    List<String> listed = new ArrayList<>();
    for (Object model : (List<?>) response.get("models")) {
      NamedList<?> entry = (NamedList<?>) model;
      listed.add(entry.get("name") + " " + entry.get("backend") + " " + entry.get("path"));
    }
    return listed;
  }
}
