package io.github.solrneural.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;
import io.github.solrneural.model.CrossEncoder;
import io.github.solrneural.model.LoadedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The resident memory of the base reranker, one variant per fresh JVM: memory a closed model
 * leaves to the C allocator would otherwise count against the next one. Growth over the JVM
 * before loading is the loaded model; peak growth over the freshly loaded model while pairs run
 * is what its forward passes hold: one pass at a time, one rerank (as shipped: its batches on
 * every pass the model allows at once), and two reranks at once (the same passes: the model's
 * gate holds the rest back).
 */
final class BaseRerankerMemory {
  /** The eager reference is float32 too: only summation order differs. */
  static final double REFERENCE_TOLERANCE = 1e-3;

  private BaseRerankerMemory() {}

  /** Runs {@link #main} in a JVM of its own and returns its figures. */
  static Map<String, Object> measure(Path folder, String variant, int maxLength, String query,
      List<String> passages) throws Exception {
    Path input = Files.createTempFile("base-reranker", ".json");
    Path output = Files.createTempFile("base-reranker-memory", ".json");
    try {
      JsonObject pairs = new JsonObject();
      pairs.addProperty("query", query);
      pairs.add("passages", new Gson().toJsonTree(passages));
      Files.writeString(input, pairs.toString());
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
      for (String property : List.of("ai.djl.offline", "DJL_CACHE_DIR", "java.io.tmpdir",
          "log4j2.configurationFile", "demo.log")) {
        if (System.getProperty(property) != null) {
          command.add("-D" + property + "=" + System.getProperty(property));
        }
      }
      command.addAll(List.of("-cp", System.getProperty("java.class.path"),
          BaseRerankerMemory.class.getName(), folder.toString(), variant, Integer.toString(maxLength),
          input.toString(), output.toString()));
      Process process = new ProcessBuilder(command).inheritIO().start();
      if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException("the memory probe of " + variant + " failed: see above");
      }
      return new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create()
          .fromJson(Files.readString(output), new TypeToken<Map<String, Object>>() {}.getType());
    } finally {
      Files.deleteIfExists(input);
      Files.deleteIfExists(output);
    }
  }

  /** Arguments: folder, variant ("" for float32), maxLength, pairs JSON in, figures JSON out. */
  public static void main(String[] args) throws Exception {
    try {
      JsonObject pairs = JsonParser.parseString(Files.readString(Path.of(args[3]))).getAsJsonObject();
      String query = pairs.get("query").getAsString();
      List<String> passages = new ArrayList<>();
      pairs.getAsJsonArray("passages").forEach(p -> passages.add(p.getAsString()));
      Map<String, Object> figures = run(Path.of(args[0]), args[1], Integer.parseInt(args[2]), query, passages);
      Files.writeString(Path.of(args[4]), new Gson().toJson(figures));
    } catch (Throwable e) {
      e.printStackTrace(System.out);
      System.exit(1);
    }
    System.exit(0);
  }

  private static Map<String, Object> run(Path folder, String variant, int maxLength, String query,
      List<String> passages) throws Exception {
    Map<String, Object> figures = new LinkedHashMap<>();
    long before = ResidentMemory.settled();
    try (LoadedModel model = LoadedModel.load(BaseRerankerFolder.spec(folder, maxLength, variant))) {
      long loaded = ResidentMemory.settled();
      CrossEncoder scorer = new CrossEncoder(model);
      int perPass = Math.max(1, model.spec().maxBatchTokens() / maxLength);
      // A lone rerank runs its batches on every pass the model allows at once.
      int concurrent = Math.min(model.spec().maxConcurrentInferences(), passages.size() / perPass);
      long onePass = ResidentMemory.peakDuring(() -> {
        for (int i = 0; i < 2 * perPass; i += perPass) { // two passes, one after the other
          scorer.score(query, passages.subList(i, i + perPass));
        }
      });
      long oneRerank = ResidentMemory.peakDuring(() -> scorer.score(query, passages));
      ExecutorService two = Executors.newFixedThreadPool(2);
      long twoReranks;
      try {
        twoReranks = ResidentMemory.peakDuring(() -> {
          List<Future<float[]>> runs = new ArrayList<>();
          for (int i = 0; i < 2; i++) {
            runs.add(two.submit(() -> scorer.score(query, passages)));
          }
          for (Future<float[]> run : runs) {
            run.get();
          }
        });
      } finally {
        two.shutdown();
      }
      figures.put("rss_mb_jvm_before_load", ResidentMemory.megabytes(before));
      figures.put("rss_mb_model", ResidentMemory.megabytes(loaded - before));
      figures.put("rss_mb_peak_one_pass_at_a_time", ResidentMemory.megabytes(onePass - loaded));
      figures.put("rss_mb_peak_one_rerank", ResidentMemory.megabytes(oneRerank - loaded));
      figures.put("rss_mb_peak_two_reranks_at_once", ResidentMemory.megabytes(twoReranks - loaded));
      // The sizing figure: memory = model + maxConcurrentInferences x this.
      figures.put("rss_mb_per_pass", ResidentMemory.megabytes((oneRerank - loaded) / concurrent));
      figures.put("memory_max_length", maxLength);
      figures.put("pairs_per_pass", perPass);
      figures.put("passes_at_once", concurrent);
      figures.put("max_abs_logit_difference_vs_eager_torch_fp32", Report.round(referenceDifference(folder, scorer, variant), 5));
    }
    return figures;
  }

  /** Largest |logit - eager torch| on the script's reference pairs; float32 must match it. */
  private static double referenceDifference(Path folder, CrossEncoder scorer, String variant) throws Exception {
    double max = 0;
    for (BaseRerankerFolder.ReferencePair pair : BaseRerankerFolder.referencePairs(folder)) {
      float logit = scorer.score(pair.query(), List.of(pair.passage()))[0];
      max = Math.max(max, Math.abs(logit - pair.logit()));
    }
    if (variant.isEmpty() && max > REFERENCE_TOLERANCE) {
      throw new IllegalStateException("the base reranker's logits differ from eager torch by " + max
          + " (allowed " + REFERENCE_TOLERANCE + "); the plugin does not run this model right");
    }
    return max;
  }
}
