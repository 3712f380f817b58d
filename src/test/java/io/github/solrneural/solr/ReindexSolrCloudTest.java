package io.github.solrneural.solr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.testing.AdminMetrics;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.IndexSnapshot;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.SolrClients;
import io.github.solrneural.testing.SolrjQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.util.NamedList;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Re-sending documents runs the model only for texts it has not embedded with the same model and
 * chunking settings, over HTTP on 2 shards x 2 replicas, every update sent to the first node (so
 * the stored versions of half the documents are read from the other node's shard). The model's
 * own count of texts run and the processor's counters say what was embedded; every replica's
 * documents (texts, offsets, vectors, keys) must equal those of a fresh collection indexed from
 * scratch (vectors within 1e-5: a text padded in another batch may round differently) and, where
 * vectors were reused, equal the stored ones bit for bit.
 */
@org.apache.solr.SolrTestCaseJ4.SuppressSSL(bugUrl = "none: plain-HTTP client")
public class ReindexSolrCloudTest extends SolrCloudTestCase {
  private static final int DOCS = 6;
  private static final int PARAGRAPHS = 4;
  private static final int PARAGRAPH_CHARS = 350;
  private static final int CHANGED_PARAGRAPH = 2;
  private static final double FROM_SCRATCH_TOLERANCE = 1e-5;
  /** The configset whose "minilm" puts "passage: " before each document text. */
  private static final String PASSAGE = "passage";
  private static final ModelSpec SPEC = DemoModels.configsetEmbedderSpec();
  private static LoadedModel model;
  private static SolrClient node;
  private static String nodeUrl;

  @BeforeClass
  public static void startCluster() throws Exception {
    // The test framework's solr.xml turns metrics off unless asked; a real Solr has them on.
    System.setProperty("metricsEnabled", "true");
    NeuralCluster.useDemoModels();
    UnaryOperator<String> smallReads = config -> config
        .replace("<int name=\"chunkOverlap\">100</int>\n    </processor>",
            "<int name=\"chunkOverlap\">100</int><int name=\"storedReadBatch\">4</int>"
                + "</processor>")
        .replace("<requestHandler name=\"/select\"",
            chain("small-chunks", 300, 60) + "<requestHandler name=\"/select\"");
    Path conf = NeuralCluster.configsetVariant(createTempDir("conf-reindex"), smallReads);
    // One vector field, one model per configset: the model changes with the collection's configset.
    Path passage = NeuralCluster.configsetVariant(createTempDir("conf-passage"),
        config -> smallReads.apply(config).replaceFirst("<int name=\"batchSize\">32</int>",
            "<int name=\"batchSize\">32</int><str name=\"documentPrefix\">passage: </str>"));
    configureCluster(2).addConfig(NeuralCluster.CONFIGSET, conf).addConfig(PASSAGE, passage)
        .configure();
    model = ModelRegistry.get().acquire(SPEC);
    nodeUrl = cluster.getJettySolrRunner(0).getBaseUrl().toString();
    node = SolrClients.http(nodeUrl);
  }

  @AfterClass
  public static void release() throws Exception {
    if (node != null) {
      node.close();
      node = null;
    }
    if (model != null) {
      ModelRegistry.get().release(SPEC);
      model = null;
    }
    System.clearProperty("neural.models.dir");
    System.clearProperty("metricsEnabled");
  }

  private static String chain(String name, int size, int overlap) {
    return "<updateRequestProcessorChain name=\"" + name + "\">"
        + "<processor class=\"io.github.solrneural.update.ChunkingEmbeddingUpdateProcessorFactory\">"
        + "<str name=\"inputField\">text</str><str name=\"vectorField\">vector</str>"
        + "<str name=\"model\">minilm</str><int name=\"chunkSize\">" + size
        + "</int><int name=\"chunkOverlap\">" + overlap + "</int></processor>"
        + "<processor class=\"solr.LogUpdateProcessorFactory\"/>"
        + "<processor class=\"solr.DistributedUpdateProcessorFactory\"/>"
        + "<processor class=\"solr.RunUpdateProcessorFactory\"/>"
        + "</updateRequestProcessorChain>";
  }

  /** Paragraphs of the demo text, one chunk each at chunkSize 500 (no two fit in one). */
  private static String paragraph(int n) {
    String text = DemoModels.demoText().replaceAll("\\s+", " ");
    return text.substring(n * PARAGRAPH_CHARS, (n + 1) * PARAGRAPH_CHARS).trim();
  }

  /** The documents; {@code changed}: each with another text in one paragraph. */
  private static List<SolrInputDocument> documents(boolean changed) {
    List<SolrInputDocument> docs = new ArrayList<>();
    for (int d = 0; d < DOCS; d++) {
      List<String> paragraphs = new ArrayList<>();
      for (int p = 0; p < PARAGRAPHS; p++) {
        boolean other = changed && p == CHANGED_PARAGRAPH;
        paragraphs.add(paragraph(other ? 40 + d : d * PARAGRAPHS + p));
      }
      SolrInputDocument doc = new SolrInputDocument();
      doc.setField("id", "doc-" + d);
      doc.setField("text", String.join("\n\n", paragraphs));
      docs.add(doc);
    }
    return docs;
  }

  /** Texts run through the model and the processor's counters, over one update. */
  private record Work(long modelTexts, long reused, long computed) {}

  private static Work send(String collection, List<SolrInputDocument> docs, String... params)
      throws Exception {
    Work work = sendUncommitted(collection, docs, params);
    node.commit(collection);
    return work;
  }

  private static Work sendUncommitted(
      String collection, List<SolrInputDocument> docs, String... params) throws Exception {
    long texts = model.itemsProcessed();
    long reused = counted("vectorsReused");
    long computed = counted("vectorsComputed");
    UpdateRequest update = new UpdateRequest();
    for (int i = 0; i < params.length; i += 2) {
      update.setParam(params[i], params[i + 1]);
    }
    update.add(docs);
    update.process(node, collection);
    Work work = new Work(model.itemsProcessed() - texts,
        counted("vectorsReused") - reused, counted("vectorsComputed") - computed);
    assertEquals("the processor counts what the model ran: " + work,
        work.modelTexts(), work.computed());
    return work;
  }

  private static Map<String, JsonObject> indexed(
      String collection, List<SolrInputDocument> docs, String... params) throws Exception {
    NeuralCluster.createCollection(node, cluster, collection, 2, 2);
    send(collection, docs, params);
    return IndexSnapshot.of(cluster, collection);
  }

  /** The same documents indexed into a new one-core collection. */
  private static Map<String, JsonObject> fromScratch(
      String collection, List<SolrInputDocument> docs, String... params) throws Exception {
    return fromScratch(NeuralCluster.CONFIGSET, collection, docs, params);
  }

  private static Map<String, JsonObject> fromScratch(String configset,
      String collection, List<SolrInputDocument> docs, String... params) throws Exception {
    CollectionAdminRequest.createCollection(collection, configset, 1, 1).process(node);
    cluster.waitForActiveCollection(collection, 1, 1);
    send(collection, docs, params);
    return IndexSnapshot.of(cluster, collection);
  }

  /** Chunks of the new snapshot whose text its document's old chunks do not hold. */
  private static int newTexts(Map<String, JsonObject> before, Map<String, JsonObject> after) {
    Set<String> old = new HashSet<>();
    IndexSnapshot.chunks(before).values().forEach(chunk -> old.add(
        chunk.get("_root_").getAsString() + "\u0000" + chunk.get("chunk_text").getAsString()));
    return (int) IndexSnapshot.chunks(after).values().stream()
        .filter(chunk -> !old.contains(
            chunk.get("_root_").getAsString() + "\u0000" + chunk.get("chunk_text").getAsString()))
        .count();
  }

  private static Map<String, JsonObject> withoutOffsets(Map<String, JsonObject> chunks) {
    Map<String, JsonObject> stripped = new java.util.TreeMap<>();
    chunks.forEach((id, chunk) -> {
      JsonObject copy = chunk.deepCopy();
      copy.remove("chunk_start");
      copy.remove("chunk_end");
      stripped.put(id, copy);
    });
    return stripped;
  }

  /** A processor counter summed over the nodes: a node without the collection forwards it. */
  private static long counted(String metric) throws Exception {
    long sum = 0;
    for (var jetty : cluster.getJettySolrRunners()) {
      sum += AdminMetrics.everywhere(jetty.getBaseUrl().toString(), metric);
    }
    return sum;
  }

  @Test
  public void unchangedDocumentsSentAgainRunNoModelAndMatchAFreshIndex() throws Exception {
    Map<String, JsonObject> first = indexed("unchanged", documents(false));
    int chunks = IndexSnapshot.chunks(first).size();
    assertEquals("one chunk per paragraph", DOCS * PARAGRAPHS, chunks);

    Work again = send("unchanged", documents(false));
    assertEquals(new Work(0, chunks, 0), again);
    Map<String, JsonObject> second = IndexSnapshot.of(cluster, "unchanged");
    IndexSnapshot.assertSame(first, second, 0);
    IndexSnapshot.assertSame(fromScratch("unchanged-scratch", documents(false)), second,
        FROM_SCRATCH_TOLERANCE);
  }

  /** Nothing lost: a re-sent batch with a bad document in its middle, tolerated. */
  @Test
  public void aResentBatchWithABadDocumentReusesTheOthersAndReportsItById() throws Exception {
    Map<String, JsonObject> first = indexed("mixed", documents(false));
    List<SolrInputDocument> batch = new ArrayList<>(documents(false));
    SolrInputDocument bad = new SolrInputDocument();
    bad.setField("id", "bad-empty");
    bad.setField("text", "");
    batch.add(DOCS / 2, bad);
    long texts = model.itemsProcessed();
    long reused = counted("vectorsReused");
    UpdateRequest update = new UpdateRequest();
    update.setParam("maxErrors", "-1");
    update.add(batch);
    List<String> reported = new ArrayList<>();
    for (Object error : (List<?>) update.process(node, "mixed").getResponseHeader().get("errors")) {
      reported.add(String.valueOf(((NamedList<?>) error).get("id")));
    }
    node.commit("mixed");
    assertEquals(List.of("bad-empty"), reported);
    SolrjQuery parents = new SolrjQuery("*:*");
    parents.addFilterQuery("-_nest_path_:*");
    long indexed = node.query("mixed", parents).getResults().getNumFound();
    assertEquals("indexed + reported = sent", batch.size(), indexed + reported.size());
    assertEquals("no text embedded again", 0, model.itemsProcessed() - texts);
    assertEquals(DOCS * PARAGRAPHS, counted("vectorsReused") - reused);
    IndexSnapshot.assertSame(first, IndexSnapshot.of(cluster, "mixed"), 0);
  }

  /**
   * On one core real-time get reads locally and gives Lucene's stored fields (over two shards it
   * answers through the shard requests): both are read alike.
   */
  @Test
  public void uncommittedDocumentsAndWholeDocumentVectorsAreReusedToo() throws Exception {
    NeuralCluster.createCollection(node, cluster, "uncommitted", 1, 1);
    int chunks = DOCS * PARAGRAPHS;
    assertEquals(new Work(chunks, 0, chunks), sendUncommitted("uncommitted", documents(false)));
    // Real-time get reads the blocks from the update log, children included.
    assertEquals(new Work(0, chunks, 0), send("uncommitted", documents(false)));
    // And from the index.
    assertEquals(new Work(0, chunks, 0), send("uncommitted", documents(false)));
    IndexSnapshot.assertSame(fromScratch("uncommitted-scratch", documents(false)),
        IndexSnapshot.of(cluster, "uncommitted"), FROM_SCRATCH_TOLERANCE);

    String[] whole = {"update.chain", "whole-document"};
    NeuralCluster.createCollection(node, cluster, "whole", 1, 1);
    send("whole", documents(false), whole);
    Map<String, JsonObject> first = IndexSnapshot.of(cluster, "whole");
    assertEquals(new Work(0, DOCS, 0), send("whole", documents(false), whole));
    IndexSnapshot.assertSame(first, IndexSnapshot.of(cluster, "whole"), 0);
    assertEquals(new Work(DOCS, 0, DOCS), send("whole", documents(true), whole));
    IndexSnapshot.assertSame(fromScratch("whole-scratch", documents(true), whole),
        IndexSnapshot.of(cluster, "whole"), FROM_SCRATCH_TOLERANCE);
  }

  @Test
  public void oneChangedChunkPerDocumentIsAllThatIsEmbedded() throws Exception {
    Map<String, JsonObject> first = indexed("changed", documents(false));
    Work changed = send("changed", documents(true));
    Map<String, JsonObject> after = IndexSnapshot.of(cluster, "changed");
    int expected = newTexts(first, after);
    assertEquals("one new paragraph per document", DOCS, expected);
    int chunks = IndexSnapshot.chunks(after).size();
    assertEquals(new Work(expected, chunks - expected, expected), changed);
    IndexSnapshot.assertSame(fromScratch("changed-scratch", documents(true)), after,
        FROM_SCRATCH_TOLERANCE);
    // The untouched chunks kept their vectors bit for bit (their offsets follow the new text).
    Map<String, JsonObject> kept = withoutOffsets(IndexSnapshot.chunks(first));
    kept.keySet().removeIf(id -> id.endsWith("#" + CHANGED_PARAGRAPH));
    Map<String, JsonObject> keptAfter = withoutOffsets(IndexSnapshot.chunks(after));
    keptAfter.keySet().retainAll(kept.keySet());
    IndexSnapshot.assertSame(kept, keptAfter, 0);
  }

  @Test
  public void anotherChunkSizeReChunksAndReEmbedsEverything() throws Exception {
    Map<String, JsonObject> first = indexed("resized", documents(false));
    Work resized = send("resized", documents(false), "update.chain", "small-chunks");
    Map<String, JsonObject> after = IndexSnapshot.of(cluster, "resized");
    int chunks = IndexSnapshot.chunks(after).size();
    assertTrue("smaller chunks: " + chunks, chunks > IndexSnapshot.chunks(first).size());
    assertEquals(new Work(chunks, 0, chunks), resized);
    IndexSnapshot.assertSame(
        fromScratch("resized-scratch", documents(false), "update.chain", "small-chunks"), after,
        FROM_SCRATCH_TOLERANCE);
  }

  @Test
  public void atomicUpdatesReuseTheVectorsOfUnchangedText() throws Exception {
    Map<String, JsonObject> first = indexed("atomic", documents(false));
    List<SolrInputDocument> tags = new ArrayList<>();
    for (SolrInputDocument doc : documents(false)) {
      SolrInputDocument tag = new SolrInputDocument();
      tag.setField("id", doc.getFieldValue("id"));
      tag.setField("tag_s", Map.of("set", "tagged"));
      tags.add(tag);
    }
    assertEquals(new Work(0, 0, 0), send("atomic", tags));
    Map<String, JsonObject> tagged = IndexSnapshot.of(cluster, "atomic");
    IndexSnapshot.assertSame(IndexSnapshot.chunks(first), IndexSnapshot.chunks(tagged), 0);
    for (int d = 0; d < DOCS; d++) {
      assertEquals("tagged", tagged.get("doc-" + d).get("tag_s").getAsString());
    }

    List<SolrInputDocument> texts = new ArrayList<>();
    List<SolrInputDocument> expected = documents(true);
    for (SolrInputDocument doc : expected) {
      SolrInputDocument text = new SolrInputDocument();
      text.setField("id", doc.getFieldValue("id"));
      text.setField("text", Map.of("set", doc.getFieldValue("text")));
      texts.add(text);
      doc.setField("tag_s", "tagged");
    }
    Work edited = send("atomic", texts);
    Map<String, JsonObject> after = IndexSnapshot.of(cluster, "atomic");
    int changed = newTexts(first, after);
    assertEquals(DOCS, changed);
    assertEquals(
        new Work(changed, IndexSnapshot.chunks(after).size() - changed, changed), edited);
    IndexSnapshot.assertSame(fromScratch("atomic-scratch", expected), after,
        FROM_SCRATCH_TOLERANCE);
  }

  @Test
  public void reembedTrueEmbedsEveryTextAgain() throws Exception {
    Map<String, JsonObject> first = indexed("forced", documents(false));
    int chunks = IndexSnapshot.chunks(first).size();
    assertEquals(new Work(chunks, 0, chunks),
        send("forced", documents(false), "neural.reembed", "true"));
    IndexSnapshot.assertSame(first, IndexSnapshot.of(cluster, "forced"), FROM_SCRATCH_TOLERANCE);
  }

  @Test
  public void anotherDocumentPrefixReEmbedsEverything() throws Exception {
    Map<String, JsonObject> first = indexed("prefixed", documents(false));
    CollectionAdminRequest.modifyCollection("prefixed", Map.of("collection.configName", PASSAGE))
        .process(node);
    CollectionAdminRequest.reloadCollection("prefixed").process(node);
    Work prefixed = send("prefixed", documents(false));
    Map<String, JsonObject> after = IndexSnapshot.of(cluster, "prefixed");
    int chunks = IndexSnapshot.chunks(after).size();
    assertEquals(new Work(chunks, 0, chunks), prefixed);
    IndexSnapshot.assertSame(fromScratch(PASSAGE, "prefixed-scratch", documents(false)), after,
        FROM_SCRATCH_TOLERANCE);
    String oldModel = first.get("doc-0#0").get("embedding_model").getAsString();
    assertNotEquals(oldModel, after.get("doc-0#0").get("embedding_model").getAsString());
    assertEquals("the parent names its model too",
        after.get("doc-0#0").get("embedding_model"), after.get("doc-0").get("embedding_model"));
  }
}
