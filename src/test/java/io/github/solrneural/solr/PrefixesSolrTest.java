package io.github.solrneural.solr;

import io.github.solrneural.model.Embedder;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelEngine;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.Vectors;
import io.github.solrneural.testing.SolrClients;
import io.github.solrneural.testing.SolrjQuery;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.request.GenericSolrRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
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
 * Query and document prefixes over a real Solr, with the tiny embedder declared three times: with
 * e5's prefixes, with none, and with a bge-style query instruction. Stored chunks keep the source
 * text; vectors are the model's embedding of prefix plus text, as the model layer computes it.
 */
public class PrefixesSolrTest extends SolrCloudTestCase {
  private static final String COLLECTION = "prefixes";
  private static final String QUERY_PREFIX = "query: ";
  private static final String DOCUMENT_PREFIX = "passage: ";
  private static final String BGE_PREFIX = "Represent this sentence for searching relevant passages: ";
  private static final String QUERY = "What is the plan for jobs and prices?";
  private static final String TEXT =
      "The economy is a model of many markets. Jobs, prices and inflation move together. "
          + "Search over documents with a dense vector model. Rerank the best results.";
  private static final Path TINY_EMBEDDER =
      DemoModels.projectDir().resolve("src/test/resources/tiny-models/tiny-embedder")
          .toAbsolutePath().normalize();
  private static final ModelSpec SPEC =
      ModelSpec.builder(TINY_EMBEDDER, ModelEngine.ONNX_RUNTIME, ModelKind.EMBEDDING)
          .maxLength(128).batchSize(16).build();
  private static LoadedModel model;

  @BeforeClass
  public static void startSolr() throws Exception {
    NeuralCluster.useDemoModels();
    String models =
        NeuralCluster.localModel("tiny_e5", TINY_EMBEDDER, "OnnxRuntime", "embedding",
            Map.of("maxLength", "128", "queryPrefix", QUERY_PREFIX,
                "documentPrefix", DOCUMENT_PREFIX))
            + NeuralCluster.localModel("tiny_plain", TINY_EMBEDDER, "OnnxRuntime", "embedding",
                Map.of("maxLength", "128"))
            + NeuralCluster.localModel("tiny_bge", TINY_EMBEDDER, "OnnxRuntime", "embedding",
                Map.of("maxLength", "128", "queryPrefix", BGE_PREFIX));
    String chain =
        "<updateRequestProcessorChain name=\"prefixed\">"
            + "<processor class=\"io.github.solrneural.update.ChunkingEmbeddingUpdateProcessorFactory\">"
            + "<str name=\"inputField\">text</str><str name=\"vectorField\">vector32</str>"
            + "<str name=\"model\">tiny_e5</str><int name=\"chunkSize\">60</int>"
            + "<int name=\"chunkOverlap\">0</int></processor>"
            + "<processor class=\"solr.RunUpdateProcessorFactory\"/>"
            + "</updateRequestProcessorChain>";
    Path conf = NeuralCluster.configsetWith(createTempDir("conf-prefixes"),
        config -> NeuralCluster.withModels(config, models)
            .replace("<requestHandler name=\"/select\"", chain + "<requestHandler name=\"/select\""),
        schema -> schema.replace("<field name=\"vector\"",
            "<fieldType name=\"knn_vector_32\" class=\"solr.DenseVectorField\""
                + " vectorDimension=\"32\" similarityFunction=\"cosine\"/>"
                + "<field name=\"vector32\" type=\"knn_vector_32\" indexed=\"true\""
                + " stored=\"true\"/><field name=\"vector\""));
    configureCluster(1).addConfig(NeuralCluster.CONFIGSET, conf).configure();
    NeuralCluster.createCollection(cluster.getSolrClient(), cluster, COLLECTION, 1, 1);
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", "economy");
    doc.setField("text", TEXT);
    UpdateRequest update = new UpdateRequest();
    update.setParam("update.chain", "prefixed");
    update.add(doc);
    update.commit(cluster.getSolrClient(), COLLECTION);
    model = ModelRegistry.get().acquire(SPEC);
  }

  @AfterClass
  public static void release() {
    if (model != null) {
      ModelRegistry.get().release(SPEC);
    }
    System.clearProperty("neural.models.dir");
  }

  private static float[] embed(String text) {
    return new Embedder(model).embed(text).vector();
  }

  private static float[] stored(SolrDocument doc) {
    return Vectors.floats(doc.getFieldValues("vector32"));
  }

  private static double maxDifference(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private static SolrDocumentList chunks() throws Exception {
    SolrjQuery query = new SolrjQuery("_nest_path_:*");
    query.setFields("id,chunk_text,chunk_start,chunk_end,vector32");
    query.setRows(100);
    return cluster.getSolrClient().query(COLLECTION, query).getResults();
  }

  @Test
  public void chunksKeepTheSourceTextAndTheirVectorsEmbedTheDocumentPrefixPlusTheChunk()
      throws Exception {
    SolrDocumentList chunks = chunks();
    assertTrue("several chunks: " + chunks.size(), chunks.size() >= 3);
    for (SolrDocument chunk : chunks) {
      String text = (String) chunk.getFieldValue("chunk_text");
      int start = (Integer) chunk.getFieldValue("chunk_start");
      int end = (Integer) chunk.getFieldValue("chunk_end");
      assertEquals("offsets into the source text", TEXT.substring(start, end), text);
      assertFalse(text, text.startsWith(DOCUMENT_PREFIX));
      float[] vector = stored(chunk);
      double withPrefix = maxDifference(embed(DOCUMENT_PREFIX + text), vector);
      assertTrue(text + ": off by " + withPrefix, withPrefix < 1e-5);
      double withoutPrefix = maxDifference(embed(text), vector);
      assertTrue(text + ": the prefix changes the vector", withoutPrefix > 1e-3);
    }
  }

  @Test
  public void aKnnQueryEmbedsTheQueryPrefixPlusTheText() throws Exception {
    SolrjQuery knn = new SolrjQuery("{!knn_text_to_vector model=tiny_e5 f=vector32 topK=10 v=$qt}");
    knn.set("qt", QUERY);
    knn.setFields("id,score,vector32");
    SolrDocumentList hits = cluster.getSolrClient().query(COLLECTION, knn).getResults();
    assertEquals(chunks().size(), hits.size());
    float[] query = embed(QUERY_PREFIX + QUERY);
    float[] unprefixed = embed(QUERY);
    double best = Double.NEGATIVE_INFINITY;
    for (SolrDocument hit : hits) {
      double cosine = Vectors.dot(query, stored(hit));
      best = Math.max(best, cosine);
      // Lucene's cosine similarity scores (1 + cos) / 2.
      float score = (Float) hit.getFieldValue("score");
      assertEquals(hit.getFieldValue("id").toString(), (1 + cosine) / 2, score, 1e-5);
      assertTrue("the query prefix changes the score",
          Math.abs((1 + Vectors.dot(unprefixed, stored(hit))) / 2 - score) > 1e-4);
    }
    assertEquals("the top hit is the nearest to embed(prefix + query)",
        (1 + best) / 2, (Float) hits.get(0).getFieldValue("score"), 1e-5);
  }

  @Test
  public void aModelOfTheSameFolderWithOtherPrefixesIsAnotherModelForTheField() throws Exception {
    for (String other : new String[] {"tiny_plain", "tiny_bge"}) {
      SolrjQuery knn =
          new SolrjQuery("{!knn_text_to_vector model=" + other + " f=vector32 topK=3 v=$qt}");
      knn.set("qt", QUERY);
      SolrException error = expectThrows(
          SolrClients.REMOTE_ERROR,
          () -> cluster.getSolrClient().query(COLLECTION, knn));
      assertEquals(error.getMessage(), 400, error.code());
      assertTrue(error.getMessage(), error.getMessage().contains(
          "names '" + other + "', but field 'vector32' is indexed with model 'tiny_e5'"));
    }
  }

  @Test
  public void theListingShowsThePrefixesExactly() throws Exception {
    GenericSolrRequest request = new GenericSolrRequest(
        SolrRequest.METHOD.GET, "/neural/models", new ModifiableSolrParams())
        .setRequiresCollection(true);
    NamedList<Object> response = cluster.getSolrClient().request(request, COLLECTION);
    Map<String, Map<String, Object>> byName = new java.util.HashMap<>();
    for (Object entry : (List<?>) response.get("models")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> model = ((NamedList<Object>) entry).asShallowMap();
      byName.put((String) model.get("name"), model);
    }
    assertEquals(QUERY_PREFIX, byName.get("tiny_e5").get("queryPrefix"));
    assertEquals(DOCUMENT_PREFIX, byName.get("tiny_e5").get("documentPrefix"));
    assertEquals(BGE_PREFIX, byName.get("tiny_bge").get("queryPrefix"));
    assertEquals("", byName.get("tiny_bge").get("documentPrefix"));
    assertEquals("", byName.get("tiny_plain").get("queryPrefix"));
    assertFalse("cross-encoders have no prefixes",
        byName.get("reranker").containsKey("queryPrefix"));
  }
}
