package io.github.solrneural.eval;

import com.google.gson.GsonBuilder;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.common.SolrInputDocument;

/**
 * BEIR-style evaluation through the real plugin in a real Solr: indexes a BEIR folder through the
 * update processor, runs every judged query of each configuration over HTTP, and scores Solr's
 * answers. Options (system properties): eval.dataset, eval.qrels, eval.out, eval.embedder,
 * eval.reranker, eval.rerankerPath, eval.rerankerEngine, eval.rerankerVariant, eval.embedderVariant,
 * eval.chunking, eval.configs (comma-separated names; default all), eval.moreQrels (comma-separated
 * qrels files scored on the same index with bm25 and knn only, each into its own JSON file).
 */
public final class BeirEval {
  private static final String COLLECTION = "beir";
  private static final int INDEX_BATCH = 64;
  private static final long PROGRESS_EVERY_NANOS = 3_000_000_000L;
  /** What a further split runs: rerank figures on a split the cross-encoder trained on flatter it. */
  private static final List<String> FIRST_STAGE = List.of("bm25", "knn");

  private BeirEval() {}

  public static void main(String[] args) throws Exception {
    Path project = DemoModels.projectDir();
    Path datasetDir =
        Path.of(System.getProperty("eval.dataset", project.resolve("../shared/datasets/scifact").toString()))
            .toAbsolutePath().normalize();
    Path qrels =
        Path.of(System.getProperty("eval.qrels", datasetDir.resolve("qrels/dev.tsv").toString()))
            .toAbsolutePath().normalize();
    String datasetName = datasetDir.getFileName().toString();
    String qrelsName = qrels.getFileName().toString().replaceAll("\\.tsv$", "");
    Path out =
        Path.of(System.getProperty("eval.out",
            DemoModels.buildDir().resolve("eval/" + datasetName + "-" + qrelsName + ".json").toString()));
    // The shared cross-encoder, declared as "eval_reranker"; its ONNX form runs faster here.
    Path rerankerPath =
        Path.of(System.getProperty("eval.rerankerPath",
            project.resolve("../shared/models/scifact-minilm-ce").toString())).toAbsolutePath().normalize();
    String rerankerEngine = System.getProperty("eval.rerankerEngine", "OnnxRuntime");
    // Model file variants (model-<variant>.onnx/.pt), such as the reduced-precision exports.
    String rerankerVariant = System.getProperty("eval.rerankerVariant", "").trim();
    String embedderVariant = System.getProperty("eval.embedderVariant", "").trim();
    EvalConfiguration.Settings settings =
        new EvalConfiguration.Settings(
            System.getProperty("eval.embedder", "minilm"),
            System.getProperty("eval.reranker", "eval_reranker"),
            Boolean.getBoolean("eval.chunking"));
    List<String> wanted = listProperty("eval.configs");
    List<Path> moreQrels = listProperty("eval.moreQrels").stream()
        .map(path -> Path.of(path).toAbsolutePath().normalize()).toList();

    BeirDataset dataset = new BeirDataset(datasetDir, qrels);
    List<EvalConfiguration> configurations = new ArrayList<>();
    for (EvalConfiguration configuration : EvalConfiguration.all(settings)) {
      if (wanted.isEmpty() || wanted.contains(configuration.name())) {
        configurations.add(configuration);
      }
    }
    if (configurations.isEmpty()) {
      throw new IllegalArgumentException("eval.configs names no known configuration: " + wanted);
    }
    System.out.printf(Locale.ROOT, "dataset %s, qrels %s: %d judged queries; configurations %s%n",
        datasetDir, qrels, dataset.qrels.size(),
        configurations.stream().map(EvalConfiguration::name).toList());

    Path baseDir = DemoModels.buildDir().resolve("eval-solr");
    deleteRecursively(baseDir);
    // Without inference caches: each configuration pays for its own inference, whatever ran
    // before it on the same queries.
    Map<String, String> rerankerSettings = new LinkedHashMap<>(Map.of("pairCacheEntries", "0"));
    Map<String, String> embedderSettings = new LinkedHashMap<>(Map.of("queryCacheEntries", "0"));
    if (!rerankerVariant.isEmpty()) {
      rerankerSettings.put("variant", rerankerVariant);
    }
    if (!embedderVariant.isEmpty()) {
      embedderSettings.put("variant", embedderVariant);
    }
    String reranker = NeuralCluster.localModel(
        "eval_reranker", rerankerPath, rerankerEngine, "cross-encoder", rerankerSettings);
    Path configset = EvalConfigset.write(DemoModels.buildDir().resolve("eval-conf"),
        settings.embedder(), reranker, embedderSettings);
    NeuralCluster.allowModelFolders(rerankerPath);
    MiniSolrCloudCluster cluster = NeuralCluster.start(baseDir, 1, 0, configset);
    try {
      SolrClient client = cluster.getSolrClient();
      NeuralCluster.createCollection(client, cluster, COLLECTION, 1, 1);
      Map<String, Object> indexing = index(client, dataset, settings);
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("embedder", settings.embedder());
      config.put("embedder_model", EvalConfigset.embedder(settings.embedder()).option);
      config.put("reranker", settings.reranker());
      config.put("eval_reranker", Map.of("path", rerankerPath.toString(), "engine", rerankerEngine,
          "variant", rerankerVariant.isEmpty() ? "default" : rerankerVariant));
      config.put("embedder_variant", embedderVariant.isEmpty() ? "default" : embedderVariant);
      config.put("chunking", settings.chunking());
      config.put("configset", project.resolve("solr-config/conf").toString());
      config.put("depth", EvalConfiguration.DEPTH);
      // Exact neighbours need one vector per document: not with chunking.
      try (ExactKnn exact = settings.chunking() ? null : ExactKnn.over(client, COLLECTION,
          EvalConfigset.embedder(settings.embedder()), embedderVariant)) {
        evaluateSplit(client, dataset, configurations, settings, exact, config, indexing, out);
        List<EvalConfiguration> firstStage = configurations.stream()
            .filter(c -> FIRST_STAGE.contains(c.name())).toList();
        for (Path more : moreQrels) {
          String name = more.getFileName().toString().replaceAll("\\.tsv$", "");
          evaluateSplit(client, new BeirDataset(datasetDir, more), firstStage, settings, exact,
              config, indexing, out.resolveSibling(
                  out.getFileName().toString().replaceAll("\\.json$", "") + "-" + name + ".json"));
        }
      }
    } finally {
      cluster.shutdown();
    }
    System.exit(0);
  }

  private static void evaluateSplit(SolrClient client, BeirDataset dataset,
      List<EvalConfiguration> configurations, EvalConfiguration.Settings settings, ExactKnn exact,
      Map<String, Object> config, Map<String, Object> indexing, Path out) throws Exception {
    System.out.printf(Locale.ROOT, "qrels %s: %d judged queries%n",
        dataset.qrelsFile, dataset.qrels.size());
    Map<String, List<String>> knnRankings = new LinkedHashMap<>();
    Map<String, Object> results =
        SplitEvaluation.run(client, COLLECTION, dataset, configurations, settings, knnRankings);
    SplitEvaluation.printTable(results);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("dataset", dataset.dir.toString());
    report.put("qrels", dataset.qrelsFile.toString());
    report.put("checksums_sha256", dataset.checksums());
    Map<String, Object> described = new LinkedHashMap<>(config);
    described.put("requests", describe(configurations));
    report.put("configuration", described);
    report.put("indexing", indexing);
    report.put("results", results);
    if (exact != null && !knnRankings.isEmpty()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> knn = (Map<String, Object>) results.get("knn");
      report.put("exact_knn", SplitEvaluation.exact(dataset, exact, knnRankings, knn));
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out,
        new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(report));
    System.out.println("wrote " + out.toAbsolutePath());
  }

  private static Map<String, Object> index(
      SolrClient client, BeirDataset dataset, EvalConfiguration.Settings settings) throws Exception {
    long total = dataset.countDocuments();
    long start = System.nanoTime();
    long[] done = {0};
    long[] lastReport = {start};
    List<SolrInputDocument> batch = new ArrayList<>(INDEX_BATCH);
    Exception[] failure = {null};
    dataset.forEachDocument(
        document -> {
          if (failure[0] != null) {
            return;
          }
          batch.add(toSolr(document, settings));
          if (batch.size() == INDEX_BATCH) {
            try {
              send(client, batch, settings);
            } catch (Exception e) {
              failure[0] = e;
              return;
            }
            done[0] += batch.size();
            batch.clear();
            long now = System.nanoTime();
            if (now - lastReport[0] >= PROGRESS_EVERY_NANOS) {
              lastReport[0] = now;
              printProgress(done[0], total, now - start);
            }
          }
        });
    if (failure[0] != null) {
      throw failure[0];
    }
    if (!batch.isEmpty()) {
      send(client, batch, settings);
      done[0] += batch.size();
    }
    client.commit(COLLECTION);
    double seconds = (System.nanoTime() - start) / 1e9;
    printProgress(done[0], total, System.nanoTime() - start);
    Map<String, Object> indexing = new LinkedHashMap<>();
    indexing.put("documents", done[0]);
    indexing.put("seconds", SplitEvaluation.round(seconds, 1));
    indexing.put("docs_per_second", SplitEvaluation.round(done[0] / seconds, 1));
    return indexing;
  }

  private static SolrInputDocument toSolr(
      BeirDataset.Document document, EvalConfiguration.Settings settings) {
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", document.id());
    if (!document.title().isBlank()) {
      doc.setField("title", document.title());
    }
    doc.setField("text", document.text());
    // What the cross-encoder reads for a whole document: title + " " + text, as BEIR builds it.
    if (!settings.chunking()) {
      doc.setField("passage_t", (document.title() + " " + document.text()).trim());
    }
    return doc;
  }

  private static void send(
      SolrClient client, List<SolrInputDocument> batch, EvalConfiguration.Settings settings)
      throws Exception {
    UpdateRequest update = new UpdateRequest();
    if (!settings.chunking()) {
      update.setParam("update.chain", "whole-document");
    }
    update.add(batch);
    update.process(client, COLLECTION);
  }

  private static void printProgress(long done, long total, long elapsedNanos) {
    double seconds = elapsedNanos / 1e9;
    double rate = done / Math.max(seconds, 1e-9);
    double left = rate > 0 ? (total - done) / rate : Double.NaN;
    System.out.printf(Locale.ROOT, "indexed %d/%d documents, %.1f docs/s, %.0f s left%n",
        done, total, rate, left);
  }

  private static Map<String, Object> describe(List<EvalConfiguration> configurations) {
    Map<String, Object> described = new LinkedHashMap<>();
    for (EvalConfiguration configuration : configurations) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("description", configuration.description());
      entry.put("params",
          java.net.URLDecoder.decode(
              configuration.template().toString(), java.nio.charset.StandardCharsets.UTF_8));
      described.put(configuration.name(), entry);
    }
    return described;
  }

  private static List<String> listProperty(String name) {
    String value = System.getProperty(name, "").trim();
    return value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s*,\\s*"));
  }

  private static void deleteRecursively(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
