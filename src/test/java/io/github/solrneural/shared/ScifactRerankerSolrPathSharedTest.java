package io.github.solrneural.shared;

import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.SolrjQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The 200 reference pairs through the whole Solr path: the passages are indexed, each reference
 * query reranks its own passages with reRankOperator=replace, and the scores Solr returns must be
 * the reference logits. Both the shipped TorchScript reranker and the shared ONNX form are used.
 */
public class ScifactRerankerSolrPathSharedTest extends SolrCloudTestCase {
  private static final String COLLECTION = "parity";
  private static final float TOLERANCE = 1e-4f;
  /** query id -> query text; query id -> (pair id -> reference logit) */
  private static final Map<String, String> queries = new LinkedHashMap<>();
  private static final Map<String, Map<String, Float>> logits = new LinkedHashMap<>();

  @BeforeClass
  public static void indexReferencePassages() throws Exception {
    NeuralCluster.useDemoModels();
    NeuralCluster.allowModelFolders(ReferencePairs.folder());
    configureCluster(1)
        .addConfig(NeuralCluster.CONFIGSET, configsetWithOnnxReranker(ReferencePairs.folder()))
        .configure();
    NeuralCluster.createCollection(cluster.getSolrClient(), cluster, COLLECTION, 1, 1);
    List<ReferencePairs.Pair> pairs = ReferencePairs.load();
    queries.putAll(ReferencePairs.queries(pairs));
    for (ReferencePairs.Pair pair : pairs) {
      logits.computeIfAbsent(pair.queryId(), q -> new LinkedHashMap<>()).put(pair.id(), pair.logit());
    }
    ReferencePairs.index(cluster.getSolrClient(), COLLECTION, pairs);
    assertEquals(200, logits.values().stream().mapToInt(Map::size).sum());
  }

  @AfterClass
  public static void clearProperties() {
    System.clearProperty("neural.models.dir");
  }

  private static Path configsetWithOnnxReranker(Path shared) throws Exception {
    return NeuralCluster.configsetWithModel(
        createTempDir("conf-parity"), "reranker_onnx", shared, "OnnxRuntime", "cross-encoder");
  }

  @Test
  public void shippedTorchScriptRerankerReturnsTheReferenceLogits() throws Exception {
    checkThroughSolr("reranker");
  }

  @Test
  public void onnxRerankerReturnsTheReferenceLogits() throws Exception {
    checkThroughSolr("reranker_onnx");
  }

  private void checkThroughSolr(String model) throws Exception {
    float worst = 0;
    int checked = 0;
    for (Map.Entry<String, Map<String, Float>> entry : logits.entrySet()) {
      SolrjQuery query = new SolrjQuery("query_id_s:" + entry.getKey());
      query.set("rq", "{!cross_encoder model=" + model + " f=passage_t reRankDocs=100 v=$qt}");
      query.set("qt", queries.get(entry.getKey()));
      query.setFields("id,score");
      query.setRows(100);
      SolrDocumentList hits = cluster.getSolrClient().query(COLLECTION, query).getResults();
      assertEquals(entry.getValue().size(), hits.size());
      List<Float> previous = new ArrayList<>();
      for (SolrDocument hit : hits) {
        float score = (Float) hit.getFieldValue("score");
        float expected = entry.getValue().get((String) hit.getFieldValue("id"));
        worst = Math.max(worst, Math.abs(score - expected));
        previous.add(score);
        checked++;
      }
      for (int i = 1; i < previous.size(); i++) {
        assertTrue("reranked order", previous.get(i) <= previous.get(i - 1));
      }
    }
    System.out.printf(java.util.Locale.ROOT, "through Solr, model %s: max |score - reference| = %.3g over %d pairs%n",
        model, worst, checked);
    assertEquals(200, checked);
    assertTrue(model + " max diff " + worst, worst <= TOLERANCE);
  }
}
