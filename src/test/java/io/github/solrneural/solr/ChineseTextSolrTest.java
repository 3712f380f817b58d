package io.github.solrneural.solr;

import io.github.solrneural.bench.OrtJavaEmbedder;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.KnownEmbedder;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.SolrjQuery;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrInputDocument;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import io.github.solrneural.testing.Vectors;

/**
 * A Chinese document with bge-small-zh-v1.5 (int8, CLS pooling, normalised, 512 tokens): chunked
 * at 。！？； by default, or at configured separators; a Chinese question finds its topic's chunk
 * first; chunks embedded one at a time get the vectors of ONNX Runtime's Java API run on the same
 * graph one text at a time, and chunks embedded in batches stay close to them (the int8 graph is
 * not padding-invariant).
 */
public class ChineseTextSolrTest extends SolrCloudTestCase {
  private static final String COLLECTION = "chinese";
  private static final int CHUNK_SIZE = 120;
  private static final String SENTENCE_ENDS = "。！？；";
  /** Words of several lengths with spaces and nothing else between them, for the custom chain. */
  private static final String SPACED = "river panda tea paper bamboo yangtze ".repeat(8).trim();
  private static String topics;
  private static Path model;

  @BeforeClass
  public static void startCluster() throws Exception {
    NeuralCluster.useDemoModels();
    model = DemoModels.chineseEmbedder();
    NeuralCluster.allowModelFolders(model);
    topics = DemoModels.resourceText("/chinese/topics.txt");
    String declarations = declaration("bge_zh", 16) + declaration("bge_zh_unbatched", 1);
    // Separators as a user writes them in solrconfig.xml: \n escaped, a space as it is, and
    // LangChain's empty last one.
    String chains = chain("zh", "bge_zh", "zh_vector", "<int name=\"chunkOverlap\">30</int>")
        + chain("zh-unbatched", "bge_zh_unbatched", "zh_vector_unbatched",
            "<int name=\"chunkOverlap\">30</int>")
        + chain("zh-custom", "bge_zh", "zh_vector", "<int name=\"chunkOverlap\">0</int>"
            + "<str name=\"separators\">\\n\\n</str><str name=\"separators\">，</str>"
            + "<str name=\"separators\"> </str><str name=\"separators\"></str>");
    Path conf = NeuralCluster.configsetWith(
        createTempDir("conf-chinese"),
        config -> NeuralCluster.withModels(config, declarations)
            .replace("<requestHandler name=\"/select\"", chains + "<requestHandler name=\"/select\""),
        schema -> schema
            .replace("<field name=\"vector\"",
                "<field name=\"zh_vector\" type=\"knn_vector_512\" indexed=\"true\" stored=\"true\"/>"
                    + "<field name=\"zh_vector_unbatched\" type=\"knn_vector_512\" indexed=\"true\""
                    + " stored=\"true\"/>"
                    + "<field name=\"vector\"")
            .replace("<fieldType name=\"knn_vector_384\"",
                "<fieldType name=\"knn_vector_512\" class=\"solr.DenseVectorField\""
                    + " vectorDimension=\"512\" similarityFunction=\"cosine\" knnAlgorithm=\"hnsw\"/>"
                    + "<fieldType name=\"knn_vector_384\""));
    configureCluster(1).addConfig(NeuralCluster.CONFIGSET, conf).configure();
    NeuralCluster.createCollection(client(), cluster, COLLECTION, 1, 1);
    index("zh", "topics", topics);
    index("zh-unbatched", "topics_unbatched", topics);
    index("zh-custom", "topics_custom", topics);
    index("zh-custom", "spaced", SPACED);
    client().commit(COLLECTION);
  }

  /** bge-small-zh-v1.5 as docs/indexing.md declares it, with the given batch size. */
  private static String declaration(String name, int batchSize) {
    return "<lst name=\"" + name + "\"><str name=\"path\">" + model + "</str>"
        + "<str name=\"engine\">OnnxRuntime</str><str name=\"kind\">embedding</str>"
        + "<int name=\"maxLength\">512</int><str name=\"pooling\">cls</str>"
        + "<bool name=\"normalize\">true</bool><int name=\"batchSize\">" + batchSize + "</int>"
        + "<str name=\"queryPrefix\">" + KnownEmbedder.BGE_SMALL_ZH_V1_5.queryPrefix + "</str></lst>";
  }

  private static String chain(String name, String model, String vectorField, String settings) {
    return "<updateRequestProcessorChain name=\"" + name + "\">"
        + "<processor class=\"io.github.solrneural.update.ChunkingEmbeddingUpdateProcessorFactory\">"
        + "<str name=\"inputField\">text</str><str name=\"vectorField\">" + vectorField + "</str>"
        + "<str name=\"model\">" + model + "</str><int name=\"chunkSize\">" + CHUNK_SIZE + "</int>"
        + settings + "</processor>"
        + "<processor class=\"solr.DistributedUpdateProcessorFactory\"/>"
        + "<processor class=\"solr.RunUpdateProcessorFactory\"/>"
        + "</updateRequestProcessorChain>";
  }

  private static void index(String chain, String id, String text) throws Exception {
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", id);
    doc.setField("text", text);
    UpdateRequest update = new UpdateRequest();
    update.add(doc);
    update.setParam("update.chain", chain);
    update.process(client(), COLLECTION);
  }

  @AfterClass
  public static void clearProperties() {
    System.clearProperty("neural.models.dir");
  }

  private static SolrClient client() {
    return cluster.getSolrClient();
  }

  private static SolrDocumentList chunks(String parent) throws Exception {
    SolrjQuery query = new SolrjQuery("_nest_path_:*");
    query.addFilterQuery("_root_:" + parent);
    query.setFields("id,chunk_text,chunk_start,chunk_end,zh_vector,zh_vector_unbatched");
    query.setSort("chunk_index", SolrjQuery.ORDER.asc);
    query.setRows(100);
    return client().query(COLLECTION, query).getResults();
  }

  private static String text(SolrDocument chunk) {
    return (String) chunk.getFieldValue("chunk_text");
  }

  private static void assertOffsetsMapBack(String source, SolrDocument chunk) {
    String text = text(chunk);
    assertTrue(text, text.length() <= CHUNK_SIZE);
    int start = (int) chunk.getFieldValue("chunk_start");
    int end = (int) chunk.getFieldValue("chunk_end");
    assertEquals(text, source.substring(start, end));
  }

  @Test
  public void chunksEndAtChineseSentenceEnds() throws Exception {
    SolrDocumentList chunks = chunks("topics");
    assertTrue("chunks: " + chunks.size(), chunks.size() >= topics.length() / CHUNK_SIZE + 1);
    for (SolrDocument chunk : chunks) {
      assertOffsetsMapBack(topics, chunk);
      String text = text(chunk);
      char last = text.charAt(text.length() - (text.endsWith("”") ? 2 : 1));
      assertTrue(text, SENTENCE_ENDS.indexOf(last) >= 0);
    }
  }

  @Test
  public void aChineseQuestionFindsItsTopicsChunkFirst() throws Exception {
    Map<String, String> questionToWord = Map.of(
        "哪种动物主要吃竹子？", "竹子",
        "世界上第一部关于茶的书是谁写的？", "茶经",
        "蔡伦用什么材料造纸？", "蔡伦",
        "中国最大的水电站在哪条河上？", "三峡");
    for (Map.Entry<String, String> question : questionToWord.entrySet()) {
      SolrjQuery query = new SolrjQuery("{!knn_text_to_vector model=bge_zh f=zh_vector topK=10 v=$qt}");
      query.set("qt", question.getKey());
      query.addFilterQuery("_root_:topics");
      query.setFields("id,chunk_text,score");
      SolrDocumentList hits = client().query(COLLECTION, query).getResults();
      assertTrue(question.getKey() + " -> " + hits, text(hits.get(0)).contains(question.getValue()));
    }
  }

  /**
   * Embedded one chunk at a time, the plugin's vectors (its tokenisation, CLS pooling and
   * normalisation) are those of ONNX Runtime's Java API on the same graph.
   */
  @Test
  public void unbatchedVectorsAreThoseOfOnnxRuntimeOnOneTextAtATime() throws Exception {
    double worst = worstCosineToReference("topics_unbatched", "zh_vector_unbatched");
    assertTrue("worst cosine " + worst, worst >= 0.99999);
  }

  /**
   * In batches, the int8 graph's vectors move a little: it quantises activations with a range
   * measured over the whole padded batch, so padding alone changes a text's vector (cosine 0.995
   * for a short text padded to 27 tokens, with ONNX Runtime's Java API alone).
   */
  @Test
  public void batchedVectorsStayCloseToOnnxRuntimeOnOneTextAtATime() throws Exception {
    double worst = Math.min(
        worstCosineToReference("topics", "zh_vector"), worstCosineToReference("spaced", "zh_vector"));
    assertTrue("worst cosine " + worst, worst >= 0.99);
  }

  private static double worstCosineToReference(String parent, String vectorField)
      throws Exception {
    double worst = 1;
    SolrDocumentList chunks = chunks(parent);
    assertFalse(chunks.isEmpty());
    try (OrtJavaEmbedder reference = OrtJavaEmbedder.clsPooled(
        model.resolve("model.onnx"), model.resolve("tokenizer.json"), 512)) {
      for (SolrDocument chunk : chunks) {
        float[] expected = reference.embed(text(chunk));
        List<?> indexed = (List<?>) chunk.getFieldValue(vectorField);
        assertEquals(512, indexed.size());
        worst = Math.min(worst, Vectors.cosine(expected, Vectors.floats(indexed)));
      }
    }
    return worst;
  }

  @Test
  public void configuredSeparatorsReplaceTheDefaults() throws Exception {
    boolean atComma = false;
    for (SolrDocument chunk : chunks("topics_custom")) {
      assertOffsetsMapBack(topics, chunk);
      String text = text(chunk);
      int end = (int) chunk.getFieldValue("chunk_end");
      boolean paragraphEnd = end == topics.length() || topics.charAt(end) == '\n';
      assertTrue(text, text.endsWith("，") || paragraphEnd);
      assertFalse("\\n\\n is read as a blank line: " + text, text.contains("\n"));
      atComma |= text.endsWith("，");
    }
    assertTrue("some chunk ends at the configured ，", atComma);
    SolrDocumentList spaced = chunks("spaced");
    assertTrue(spaced.size() > 1);
    for (SolrDocument chunk : spaced) {
      assertOffsetsMapBack(SPACED, chunk);
      int start = (int) chunk.getFieldValue("chunk_start");
      int end = (int) chunk.getFieldValue("chunk_end");
      assertTrue("a space separator keeps words whole: " + text(chunk),
          (start == 0 || SPACED.charAt(start - 1) == ' ')
              && (end == SPACED.length() || SPACED.charAt(end) == ' '));
    }
  }
}
