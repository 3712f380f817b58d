package io.github.solrneural.solr;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.KnownEmbedder;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.SolrjQuery;
import io.github.solrneural.testing.UpdateChains;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * chunkUnit=tokens over a real Solr with real models: all-MiniLM-L6-v2 declared with a max length
 * of 64 tokens and chunks of 64 tokens (no room to spare), and e5-small-v2 with its document prefix
 * "passage: " and chunks of 64 tokens. Each chunk's tokens are counted here with DJL's
 * HuggingFaceTokenizer over the model's tokenizer.json, prefix and special tokens included. The
 * same MiniLM chunked by 64 characters shows what a character count does to texts whose tokens
 * outnumber their characters.
 */
public class TokenChunkingSolrTest extends SolrCloudTestCase {
  private static final String COLLECTION = "token_chunks";
  private static final int SIZE = 64;
  private static final int OVERLAP = 16;
  private static final String E5_PREFIX = KnownEmbedder.E5_SMALL_V2.documentPrefix;
  private static final Map<String, String> TEXTS = new LinkedHashMap<>();
  private static HuggingFaceTokenizer minilmTokenizer;
  private static HuggingFaceTokenizer e5Tokenizer;

  @BeforeClass
  public static void startCluster() throws Exception {
    TEXTS.put("union", DemoModels.demoText());
    TEXTS.put("canal", DemoModels.resourceText("/demo/grand_canal_zh.txt"));
    TEXTS.put("topics", DemoModels.resourceText("/chinese/topics.txt"));
    Path minilm = NeuralCluster.useDemoModels().resolve(DemoModels.EMBEDDER);
    Path e5 = KnownEmbedder.E5_SMALL_V2.folder();
    minilmTokenizer = reference(minilm);
    e5Tokenizer = reference(e5);
    String models = NeuralCluster.localModel("minilm64", minilm, "OnnxRuntime", "embedding",
            Map.of("maxLength", Integer.toString(SIZE), "pooling", "mean", "normalize", "true"))
        + KnownEmbedder.E5_SMALL_V2.declaration("e5");
    String sizes = "<int name=\"chunkSize\">" + SIZE + "</int><int name=\"chunkOverlap\">"
        + OVERLAP + "</int>";
    String tokens = "<str name=\"chunkUnit\">tokens</str>" + sizes;
    String minilmField = "vector_minilm64";
    String chains = UpdateChains.chain("tokens-minilm", false, "minilm64", minilmField, tokens)
        + UpdateChains.chain("chars-minilm", false, "minilm64", minilmField, sizes)
        + UpdateChains.chain("tokens-e5", false, "e5", "vector_e5", tokens);
    Path conf = NeuralCluster.configsetWith(createTempDir("conf-token-chunks"),
        config -> NeuralCluster.withModels(config, models)
            .replace("<requestHandler name=\"/select\"",
                chains + "<requestHandler name=\"/select\""),
        schema -> schema.replace("<field name=\"vector\"", vectorField(minilmField)
            + vectorField("vector_e5") + "<field name=\"vector\""));
    configureCluster(1).addConfig(NeuralCluster.CONFIGSET, conf).configure();
    NeuralCluster.createCollection(cluster.getSolrClient(), cluster, COLLECTION, 1, 1);
    for (String chain : List.of("tokens-minilm", "chars-minilm", "tokens-e5")) {
      UpdateRequest update = new UpdateRequest();
      update.setParam("update.chain", chain);
      for (Map.Entry<String, String> text : TEXTS.entrySet()) {
        SolrInputDocument doc = new SolrInputDocument();
        doc.setField("id", text.getKey() + "-" + chain);
        doc.setField("text", text.getValue());
        update.add(doc);
      }
      update.process(cluster.getSolrClient(), COLLECTION);
    }
    cluster.getSolrClient().commit(COLLECTION);
  }

  @AfterClass
  public static void close() {
    if (minilmTokenizer != null) {
      minilmTokenizer.close();
    }
    if (e5Tokenizer != null) {
      e5Tokenizer.close();
    }
    System.clearProperty("neural.models.dir");
  }

  private static String vectorField(String name) {
    return "<field name=\"" + name + "\" type=\"knn_vector_384\" indexed=\"true\""
        + " stored=\"true\"/>";
  }

  /** The model's tokenizer.json, untruncated, with its special tokens. */
  private static HuggingFaceTokenizer reference(Path folder) throws Exception {
    return HuggingFaceTokenizer.newInstance(folder.resolve("tokenizer.json"),
        Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true"));
  }

  private static int tokens(HuggingFaceTokenizer tokenizer, String text) {
    return tokenizer.encode(text).getIds().length;
  }

  /** The chunks of a document, in order. */
  private static List<SolrDocument> chunks(String parentId) throws Exception {
    SolrjQuery query = new SolrjQuery("{!prefix f=id}" + parentId + "#");
    query.setFields("id,chunk_text,chunk_index,chunk_start,chunk_end,embedding_truncated");
    query.set("sort", "chunk_index asc");
    query.setRows(10_000);
    List<SolrDocument> chunks = cluster.getSolrClient().query(COLLECTION, query).getResults();
    for (int i = 0; i < chunks.size(); i++) {
      assertEquals(i, chunks.get(i).getFieldValue("chunk_index"));
    }
    return chunks;
  }

  private static String text(SolrDocument chunk) {
    return (String) chunk.getFieldValue("chunk_text");
  }

  private static boolean truncated(SolrDocument chunk) {
    return Boolean.TRUE.equals(chunk.getFieldValue("embedding_truncated"));
  }

  private static int start(SolrDocument chunk) {
    return (Integer) chunk.getFieldValue("chunk_start");
  }

  private static int end(SolrDocument chunk) {
    return (Integer) chunk.getFieldValue("chunk_end");
  }

  /**
   * Chunks slice the text exactly by their character offsets, cover every non-blank character,
   * and advance.
   */
  private static void assertSlicesOf(String text, List<SolrDocument> chunks) {
    boolean[] covered = new boolean[text.length()];
    for (int i = 0; i < chunks.size(); i++) {
      SolrDocument chunk = chunks.get(i);
      assertEquals(text.substring(start(chunk), end(chunk)), text(chunk));
      if (i > 0) {
        assertTrue("chunks advance", start(chunk) > start(chunks.get(i - 1)));
      }
      for (int c = start(chunk); c < end(chunk); c++) {
        covered[c] = true;
      }
    }
    for (int c = 0; c < text.length(); c++) {
      assertTrue("character " + c + " is in a chunk",
          covered[c] || Character.isWhitespace(text.charAt(c)));
    }
  }

  private static void assertTokenChunks(String chain, HuggingFaceTokenizer tokenizer,
      String prefix) throws Exception {
    int fixed = tokens(tokenizer, prefix);
    for (Map.Entry<String, String> text : TEXTS.entrySet()) {
      String parent = text.getKey() + "-" + chain;
      List<SolrDocument> chunks = chunks(parent);
      assertSlicesOf(text.getValue(), chunks);
      int aboveHalf = 0;
      int total = 0;
      for (int i = 0; i < chunks.size(); i++) {
        SolrDocument chunk = chunks.get(i);
        int count = tokens(tokenizer, prefix + text(chunk));
        total += count;
        assertTrue(parent + " chunk " + i + ": " + count + " tokens", count <= SIZE);
        assertFalse(parent + " chunk " + i + " is cut by the model", truncated(chunk));
        aboveHalf += count > SIZE / 2 ? 1 : 0;
        if (i > 0 && start(chunk) < end(chunks.get(i - 1))) {
          String shared = text.getValue().substring(start(chunk), end(chunks.get(i - 1)));
          int sharedTokens = tokens(tokenizer, shared) - tokens(tokenizer, "");
          assertTrue(parent + " chunk " + i + " overlaps by " + sharedTokens,
              sharedTokens <= OVERLAP);
        }
      }
      assertTrue(parent + ": " + aboveHalf + " of " + chunks.size() + " chunks above "
          + SIZE / 2 + " tokens", aboveHalf * 2 > chunks.size());
      System.out.printf("%s: %d chunks, %.1f tokens on average (%d of them prefix and special)%n",
          parent, chunks.size(), (double) total / chunks.size(), fixed);
    }
  }

  @Test
  public void tokenChunksOfMiniLmFitItsMaxLengthAndNoneIsCut() throws Exception {
    assertTokenChunks("tokens-minilm", minilmTokenizer, "");
  }

  @Test
  public void tokenChunksOfE5CountItsPassagePrefix() throws Exception {
    assertTokenChunks("tokens-e5", e5Tokenizer, E5_PREFIX);
  }

  /**
   * 64 characters of Chinese are about 64 tokens, plus [CLS] and [SEP]: some such chunks are cut by
   * a model reading 64 tokens, while English chunks of 64 characters never are. The truncation
   * flags agree with the tokens counted here.
   */
  @Test
  public void characterChunksOfTheSameNominalSizeAreCutWhereTokensOutnumberCharacters()
      throws Exception {
    Map<String, Integer> cut = new LinkedHashMap<>();
    for (Map.Entry<String, String> text : TEXTS.entrySet()) {
      List<SolrDocument> chunks = chunks(text.getKey() + "-chars-minilm");
      assertSlicesOf(text.getValue(), chunks);
      int truncated = 0;
      for (SolrDocument chunk : chunks) {
        assertTrue(text(chunk), text(chunk).length() <= SIZE);
        boolean tooLong = tokens(minilmTokenizer, text(chunk)) > SIZE;
        assertEquals(text(chunk), tooLong, truncated(chunk));
        truncated += tooLong ? 1 : 0;
      }
      cut.put(text.getKey(), truncated);
      System.out.printf("%s-chars-minilm: %d chunks, %d cut by the model%n",
          text.getKey(), chunks.size(), truncated);
    }
    assertEquals("English chunks of 64 characters fit 64 tokens: " + cut,
        0, (int) cut.get("union"));
    assertTrue("some Chinese chunks of 64 characters are cut: " + cut,
        cut.get("canal") + cut.get("topics") > 0);
  }
}
