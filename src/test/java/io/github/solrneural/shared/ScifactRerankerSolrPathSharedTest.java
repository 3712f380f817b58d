package io.github.solrneural.shared;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.solrneural.testing.NeuralCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrInputDocument;
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
    Path shared = SharedData.dir().resolve("models/scifact-minilm-ce");
    NeuralCluster.useDemoModels();
    NeuralCluster.allowModelFolders(shared);
    configureCluster(1)
        .addConfig(NeuralCluster.CONFIGSET, configsetWithOnnxReranker(shared))
        .configure();
    NeuralCluster.createCollection(cluster.getSolrClient(), cluster, COLLECTION, 1, 1);

    Map<String, Float> reference = new HashMap<>();
    List<String> lines = Files.readAllLines(shared.resolve("reference-scores.tsv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] columns = line.split("\t");
      reference.put(columns[0] + "_" + columns[1], Float.parseFloat(columns[2]));
    }
    UpdateRequest update = new UpdateRequest();
    update.setParam("update.chain", "whole-document");
    for (String line : Files.readAllLines(shared.resolve("reference-pairs.jsonl"))) {
      if (line.isBlank()) {
        continue;
      }
      JsonObject pair = JsonParser.parseString(line).getAsJsonObject();
      String queryId = pair.get("query_id").getAsString();
      String id = queryId + "_" + pair.get("doc_id").getAsString();
      queries.put(queryId, pair.get("query").getAsString());
      logits.computeIfAbsent(queryId, q -> new LinkedHashMap<>()).put(id, reference.get(id));
      SolrInputDocument doc = new SolrInputDocument();
      doc.setField("id", id);
      doc.setField("query_id_s", queryId);
      doc.setField("text", pair.get("passage").getAsString());
      doc.setField("passage_t", pair.get("passage").getAsString());
      update.add(doc);
    }
    update.commit(cluster.getSolrClient(), COLLECTION);
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
      SolrQuery query = new SolrQuery("query_id_s:" + entry.getKey());
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
