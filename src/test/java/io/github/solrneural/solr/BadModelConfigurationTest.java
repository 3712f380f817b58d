package io.github.solrneural.solr;

import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.SolrClients;
import io.github.solrneural.testing.SolrNames;
import io.github.solrneural.testing.SolrjQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.CollectionAdminRequest.RequestStatusResponse;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.RequestStatusState;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A model declaration that cannot be loaded stops its core with a message naming the model and the
 * file, and the other cores of the node keep answering. Model folders outside the folders Solr may
 * read (Solr's allowPaths rule) are refused.
 */
public class BadModelConfigurationTest extends SolrCloudTestCase {
  private static final String HEALTHY = "healthy";
  private static final String BAD_MODEL = "bad_model";
  private static final Path TINY_CROSS_ENCODER =
      DemoModels.projectDir().resolve("src/test/resources/tiny-models/tiny-cross-encoder");
  /** Allowed by solr.allowPaths: failures here are the folders' own. */
  private static Path badModels;

  @BeforeClass
  public static void startCluster() throws Exception {
    badModels = createTempDir("bad-models");
    NeuralCluster.useDemoModels();
    NeuralCluster.allowModelFolders(badModels);
    configureCluster(1)
        .addConfig(NeuralCluster.CONFIGSET, DemoModels.projectDir().resolve("solr-config/conf"))
        .configure();
    NeuralCluster.createCollection(client(), cluster, HEALTHY, 1, 1);
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", "jobs");
    doc.setField("text", "The plan for the economy: more jobs and lower prices.");
    UpdateRequest update = new UpdateRequest();
    update.setParam("update.chain", "whole-document");
    update.add(doc);
    update.commit(client(), HEALTHY);
  }

  @AfterClass
  public static void clearProperties() {
    System.clearProperty("neural.models.dir");
    System.clearProperty(NeuralCluster.ALLOW_PATHS);
  }

  private static SolrClient client() {
    return cluster.getSolrClient();
  }

  /**
   * Creates a collection whose configset declares {@link #BAD_MODEL} as given; it must fail, with a
   * 400 and no collection left behind. The cores' own errors, which the synchronous answer leaves
   * out, come from the status of the same request run asynchronously; they are returned after
   * checking that the healthy collection still embeds and reranks.
   */
  private static String failedCreation(String collection, Path folder, String engine)
      throws Exception {
    return failedCreation(
        collection,
        NeuralCluster.configsetWithModel(
            createTempDir("conf-" + collection), BAD_MODEL, folder, engine, "cross-encoder"));
  }

  /** As above, for a configset that cannot load for any reason. */
  private static String failedCreation(String collection, Path conf) throws Exception {
    cluster.uploadConfigSet(conf, collection);
    SolrException error =
        expectThrows(
            SolrClients.REMOTE_ERROR,
            () -> CollectionAdminRequest.createCollection(collection, collection, 1, 1)
                .process(client()));
    assertEquals(error.getMessage(), 400, error.code());
    assertNames(error.getMessage(),
        "Underlying core creation failed while creating collection: " + collection);
    assertFalse("no collection left behind",
        CollectionAdminRequest.listCollections(client()).contains(collection));

    String requestId = collection + "-async";
    CollectionAdminRequest.createCollection(collection, collection, 1, 1)
        .processAsync(requestId, client());
    // Polled here: processAndWait would delete the status, failure details and all.
    RequestStatusResponse status;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    do {
      Thread.sleep(200);
      status = CollectionAdminRequest.requestStatus(requestId).process(client());
    } while (!status.getRequestStatus().equals(RequestStatusState.FAILED)
        && !status.getRequestStatus().equals(RequestStatusState.COMPLETED)
        && System.nanoTime() < deadline);
    assertEquals(RequestStatusState.FAILED, status.getRequestStatus());
    Object failure = status.getResponse().get("failure");
    assertNotNull("the status names the failed cores", failure);
    assertHealthyCollectionStillServes();
    return failure.toString();
  }

  private static void assertHealthyCollectionStillServes() throws Exception {
    SolrjQuery query = new SolrjQuery("{!knn_text_to_vector model=minilm f=vector topK=5 v=$qt}");
    query.set("rq", "{!cross_encoder model=reranker f=text v=$qt}");
    query.set("qt", "What is the plan for the economy?");
    assertEquals(1, client().query(HEALTHY, query).getResults().getNumFound());
  }

  private static void assertNames(String message, String... parts) {
    for (String part : parts) {
      assertTrue("'" + part + "' in: " + message, message.contains(part));
    }
  }

  private static Path folderWith(String name, String... files) throws Exception {
    Path folder = Files.createDirectories(badModels.resolve(name));
    for (String file : files) {
      Files.copy(TINY_CROSS_ENCODER.resolve(file), folder.resolve(file));
    }
    return folder;
  }

  @Test
  public void aMissingModelFolderStopsTheCoreNamingTheModelAndTheFolder() throws Exception {
    Path missing = badModels.resolve("no-such-model");
    String message = failedCreation("missing_folder", missing, "OnnxRuntime");
    assertNames(message, "model '" + BAD_MODEL + "' in solrconfig.xml",
        "model folder " + missing + " does not exist");
  }

  @Test
  public void aFolderWithoutTokenizerStopsTheCoreNamingTheTokenizerFile() throws Exception {
    Path folder = folderWith("no-tokenizer", "model.onnx");
    String message = failedCreation("no_tokenizer", folder, "OnnxRuntime");
    assertNames(message, "model '" + BAD_MODEL + "' in solrconfig.xml",
        "tokenizer file " + folder.resolve("tokenizer.json") + " does not exist");
  }

  @Test
  public void aCorruptOnnxModelFileStopsTheCoreNamingTheFile() throws Exception {
    Path folder = folderWith("corrupt-onnx", "tokenizer.json");
    Files.write(folder.resolve("model.onnx"), randomBytes(4096));
    String message = failedCreation("corrupt_onnx", folder, "OnnxRuntime");
    assertNames(message, "model '" + BAD_MODEL + "' in solrconfig.xml",
        "cannot load model file " + folder.resolve("model.onnx") + " with engine OnnxRuntime");
  }

  @Test
  public void aCorruptTorchScriptModelFileStopsTheCoreNamingTheFile() throws Exception {
    Path folder = folderWith("corrupt-torchscript", "tokenizer.json");
    Files.write(folder.resolve("model.pt"), randomBytes(4096));
    String message = failedCreation("corrupt_pt", folder, "PyTorch");
    assertNames(message, "model '" + BAD_MODEL + "' in solrconfig.xml",
        "cannot load model file " + folder.resolve("model.pt") + " with engine PyTorch");
  }

  /** The tiny cross-encoder's position table holds 128 positions. */
  @Test
  public void aMaxLengthAboveWhatTheModelTakesStopsTheCoreNamingTheModelAndTheLimit()
      throws Exception {
    Path conf = NeuralCluster.configsetWith(createTempDir("conf-too-long"),
        config -> NeuralCluster.withModels(config,
            NeuralCluster.localModel(BAD_MODEL, TINY_CROSS_ENCODER, "OnnxRuntime", "cross-encoder",
                    java.util.Map.of())
                .replace("<int name=\"maxLength\">256</int>", "<int name=\"maxLength\">1024</int>")));
    String message = failedCreation("too_long", conf);
    assertNames(message, "model '" + BAD_MODEL + "' in solrconfig.xml",
        "maxLength 1024 is above what model file " + TINY_CROSS_ENCODER.resolve("model.onnx")
            + " takes: it reads at most 128 tokens", "set maxLength to 128 or less");
  }

  @Test
  public void anUnknownEngineStopsTheCoreNamingTheModelAndTheEngine() throws Exception {
    String message = failedCreation("unknown_engine", TINY_CROSS_ENCODER, "TensorFlow");
    assertNames(message, "setting 'engine' of model '" + BAD_MODEL + "' in solrconfig.xml must be"
        + " one of PyTorch, OnnxRuntime; got 'TensorFlow'");
  }

  @Test
  public void aModelFolderOutsideTheAllowedPathsIsRefusedBeforeAnythingIsRead() throws Exception {
    // A valid model, in a folder neither under the Solr home nor in solr.allowPaths.
    Path outside = createTempDir("outside-allowed").resolve("tiny-cross-encoder");
    Files.createDirectories(outside);
    for (String file : new String[] {"model.onnx", "tokenizer.json"}) {
      Files.copy(TINY_CROSS_ENCODER.resolve(file), outside.resolve(file));
    }
    String message = failedCreation("outside_allowed", outside, "OnnxRuntime");
    assertNames(message, "model '" + BAD_MODEL + "' in solrconfig.xml",
        "folder " + outside + " is outside the folders Solr may read",
        "'" + SolrNames.ALLOW_PATHS_PROPERTY + "'");
    for (ModelSpec spec : ModelRegistry.get().loaded()) {
      assertNotEquals("not loaded", outside, spec.folder());
    }
  }

  /**
   * A processor between the tolerant one and the embedding one could fail documents that the
   * embedding processor, which holds documents back, does not count: such a chain does not load.
   */
  @Test
  public void aProcessorBetweenTheTolerantAndTheEmbeddingOneStopsTheCore() throws Exception {
    Path conf =
        NeuralCluster.configsetVariant(
            createTempDir("conf-chain-order"),
            config ->
                config.replaceFirst(
                    "(<processor class=\"solr.TolerantUpdateProcessorFactory\">\\s*"
                        + "<int name=\"maxErrors\">0</int>\\s*</processor>)",
                    "$1<processor class=\"solr.UUIDUpdateProcessorFactory\">"
                        + "<str name=\"fieldName\">uuid_s</str></processor>"));
    String message = failedCreation("chain_order", conf);
    assertNames(message, "updateRequestProcessorChain 'neural'",
        "TolerantUpdateProcessorFactory must come right before ChunkingEmbeddingUpdateProcessorFactory");
  }

  /** A setting no component reads stops the core, named with the component it was given to. */
  @Test
  public void aQueryPrefixOnACrossEncoderStopsTheCoreNamingTheSetting() throws Exception {
    String message = failedCreation("cross_encoder_prefix",
        NeuralCluster.configsetWithModel(createTempDir("conf-cross_encoder_prefix"), BAD_MODEL,
            TINY_CROSS_ENCODER, "OnnxRuntime", "cross-encoder", Map.of("queryPrefix", "query: ")));
    assertNames(message, "setting 'queryPrefix' of model '" + BAD_MODEL + "' in solrconfig.xml"
        + " applies to embedding models only, not to a cross-encoder model");
  }

  @Test
  public void anUnknownOrMalformedSettingStopsTheCoreNamingIt() throws Exception {
    String model = failedCreation("normalize_yes", NeuralCluster.configsetVariant(
        createTempDir("conf-normalize-yes"), config -> config.replace(
            "<bool name=\"normalize\">true</bool>", "<str name=\"normalize\">yes</str>")));
    assertNames(model,
        "setting 'normalize' of model 'minilm' in solrconfig.xml must be true or false, got 'yes'");
    String processor = failedCreation("processor_unknown", NeuralCluster.configsetVariant(
        createTempDir("conf-processor-unknown"), config -> config.replace(
            "<int name=\"chunkSize\">500</int>", "<int name=\"chunkSise\">500</int>")));
    assertNames(processor, "unknown setting 'chunkSise' of ChunkingEmbeddingUpdateProcessorFactory"
        + " in solrconfig.xml", "chunkSize");
    String rerank = failedCreation("rerank_unknown", NeuralCluster.configsetVariant(
        createTempDir("conf-rerank-unknown"), config -> config.replace(
            "<int name=\"maxReRankDocs\">1000</int>", "<int name=\"maxRerankDocs\">1000</int>")));
    assertNames(rerank, "unknown setting 'maxRerankDocs' of queryParser 'cross_encoder' in"
        + " solrconfig.xml", "maxReRankDocs");
    String knn = failedCreation("knn_unknown", NeuralCluster.configsetVariant(
        createTempDir("conf-knn-unknown"), config -> config.replace(
            "<int name=\"topK\">20</int>", "<int name=\"top_k\">20</int>")));
    assertNames(knn, "unknown setting 'top_k' of queryParser 'semantic_knn' in solrconfig.xml",
        "topK");
  }

  /**
   * chunkUnit=tokens counts the model's own tokens: a remote model has no tokenizer here, and a
   * chunk size above the model's max length would be cut; either stops the core, naming the setting.
   */
  @Test
  public void tokenChunksOfARemoteModelOrAboveTheMaxLengthStopTheCore() throws Exception {
    String remote = failedCreation("tokens_remote", NeuralCluster.configsetVariant(
        createTempDir("conf-tokens-remote"), config -> NeuralCluster.withModels(config,
                NeuralCluster.remoteModel("remote", "http://127.0.0.1:9/embed", "embedding",
                    Map.of("dimension", "384")))
            .replace("<str name=\"model\">minilm</str>", "<str name=\"model\">remote</str>")
            .replace("<int name=\"chunkSize\">500</int>",
                "<str name=\"chunkUnit\">tokens</str><int name=\"chunkSize\">200</int>")));
    assertNames(remote, "setting 'chunkUnit' of ChunkingEmbeddingUpdateProcessorFactory in"
        + " solrconfig.xml is 'tokens', which counts the model's own tokens, but model 'remote' is"
        + " remote");
    String tooLong = failedCreation("tokens_too_long", NeuralCluster.configsetVariant(
        createTempDir("conf-tokens-too-long"), config -> config.replace(
            "<int name=\"chunkSize\">500</int>",
            "<str name=\"chunkUnit\">tokens</str><int name=\"chunkSize\">300</int>")));
    assertNames(tooLong, "setting 'chunkSize' of ChunkingEmbeddingUpdateProcessorFactory in"
        + " solrconfig.xml is 300 tokens (chunkUnit=tokens), above the maxLength 256 of model"
        + " 'minilm'");
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(random().nextLong()).nextBytes(bytes);
    return bytes;
  }
}
