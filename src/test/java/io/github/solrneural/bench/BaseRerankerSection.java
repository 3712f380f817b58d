package io.github.solrneural.bench;

import io.github.solrneural.model.CrossEncoder;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.model.ModelTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the tutorial's reranker (bge-reranker-base) costs here, on a stand-in of its shapes with
 * random weights (see {@link BaseRerankerFolder}), loaded through the plugin's model layer with
 * the configset's defaults: the latency of one 20-pair rerank whose pairs fill 512 and 256 tokens,
 * float32 and int8 side by side, and the resident memory of a loaded model and of its forward
 * passes.
 */
final class BaseRerankerSection {
  static final int[] LENGTHS = {512, 256};
  static final String FP32 = "fp32";

  private final BenchSettings settings;
  private final ScifactSample sample;
  private final Report report;

  BaseRerankerSection(BenchSettings settings, ScifactSample sample, Report report) {
    this.settings = settings;
    this.sample = sample;
    this.report = report;
  }

  Map<String, Object> run() throws Exception {
    if (!ResidentMemory.available()) {
      throw new IllegalStateException("base_reranker reads /proc/self/status: Linux only");
    }
    BaseRerankerFolder models = BaseRerankerFolder.prepare(settings);
    List<String> passages = fullPassages(models);
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("model", describe(models));
    section.put("query_id", sample.queryId);
    section.put("passages", "20 passages of consecutive SciFact candidates (title and abstract),"
        + " each long enough that its pair is cut at the max length");
    ModelSpec shipped = models.spec(LENGTHS[0], "");
    section.put("settings_as_shipped", Map.of(
        "batchSize", shipped.batchSize(), "maxBatchTokens", shipped.maxBatchTokens(),
        "maxConcurrentInferences", shipped.maxConcurrentInferences(),
        "intraOpThreads_per_pass", shipped.effectiveIntraOpThreads(),
        "cpus", Runtime.getRuntime().availableProcessors()));
    Map<String, Object> fp32 = new LinkedHashMap<>();
    Map<String, Object> int8 = new LinkedHashMap<>();
    section.put(FP32, fp32);
    section.put(BaseRerankerFolder.INT8, int8);
    fp32.put("model_file_mb", models.fileMegabytes("model.onnx"));
    fp32.putAll(memory(models, "", passages));
    if (models.int8Problem == null) {
      int8.put("model_file_mb", models.fileMegabytes("model-int8.onnx"));
      int8.putAll(memory(models, BaseRerankerFolder.INT8, passages));
    } else {
      int8.put("not_measured", models.int8Problem);
    }
    for (int length : LENGTHS) {
      latency(models, length, passages, fp32, models.int8Problem == null ? int8 : null);
    }
    return section;
  }

  private Map<String, Object> describe(BaseRerankerFolder models) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("folder", models.folder.toString());
    model.put("shapes", "XLM-RoBERTa as bge-reranker-base: 12 layers, hidden 768, 12 heads,"
        + " feed-forward 3072, 250,002-piece Unigram vocabulary, 514 positions (512 tokens)");
    model.put("weights", "random (make_base_reranker.py, fixed seed): costs, not scores");
    return model;
  }

  /** 20 passages, each of consecutive candidates joined until its pair fills 512 tokens. */
  private List<String> fullPassages(BaseRerankerFolder models) throws Exception {
    List<String> texts = new ArrayList<>(sample.candidatePassages(ScifactSample.CANDIDATES));
    List<String> passages = new ArrayList<>();
    try (ModelTokenizer tokenizer = ModelTokenizer.load(models.folder.resolve("tokenizer.json"), LENGTHS[0])) {
      int next = 0;
      while (passages.size() < ScifactSample.PAIRS) {
        StringBuilder passage = new StringBuilder();
        while (tokenizer.encodePair(sample.query, passage.toString()).length() < LENGTHS[0]) {
          if (next == texts.size()) {
            throw new IllegalStateException("SciFact's candidates do not make 20 passages of 512 tokens");
          }
          passage.append(passage.length() == 0 ? "" : " ").append(texts.get(next++));
        }
        passages.add(passage.toString());
      }
    }
    return passages;
  }

  /** Resident memory at 512 tokens, measured in a JVM of its own (see {@link BaseRerankerMemory}). */
  private Map<String, Object> memory(BaseRerankerFolder models, String variant, List<String> passages)
      throws Exception {
    String name = variant.isEmpty() ? FP32 : variant;
    System.out.println("bench: base_reranker: resident memory, " + name + ", in a JVM of its own...");
    Map<String, Object> figures =
        BaseRerankerMemory.measure(models.folder, variant, LENGTHS[0], sample.query, passages);
    String label = "base reranker resident memory, 512 tokens";
    report.row(label, name + " loaded model", Double.NaN,
        Report.format("%.0f MB", figures.get("rss_mb_model")), "");
    report.row(label, name + " one pass at a time", Double.NaN,
        Report.format("+%.0f MB", figures.get("rss_mb_peak_one_pass_at_a_time")),
        figures.get("pairs_per_pass") + " pairs x 512 tokens a pass");
    report.row(label, name + " one rerank", Double.NaN,
        Report.format("+%.0f MB", figures.get("rss_mb_peak_one_rerank")),
        figures.get("passes_at_once") + " passes at once: " + Report.format("%.0f MB", figures.get("rss_mb_per_pass")) + " a pass");
    report.row(label, name + " two reranks at once", Double.NaN,
        Report.format("+%.0f MB", figures.get("rss_mb_peak_two_reranks_at_once")),
        "still " + figures.get("passes_at_once") + " passes at once");
    return figures;
  }

  /** One rerank of the 20 pairs at this length, float32 and int8 interleaved, after a warm-up. */
  private void latency(BaseRerankerFolder models, int length, List<String> passages,
      Map<String, Object> fp32, Map<String, Object> int8) throws Exception {
    System.out.println("bench: base_reranker: latency at " + length + " tokens...");
    List<LoadedModel> loaded = new ArrayList<>();
    try {
      LoadedModel full = LoadedModel.load(models.spec(length, ""));
      loaded.add(full);
      CrossEncoder fullScorer = new CrossEncoder(full);
      List<Interleaved.Contender> contenders = new ArrayList<>();
      contenders.add(Interleaved.timed(FP32, () -> fullScorer.score(sample.query, passages)));
      float[] fullScores = fullScorer.score(sample.query, passages);
      if (int8 != null) {
        LoadedModel reduced = LoadedModel.load(models.spec(length, BaseRerankerFolder.INT8));
        loaded.add(reduced);
        CrossEncoder reducedScorer = new CrossEncoder(reduced);
        int8.put("max_abs_logit_difference_vs_fp32_" + length,
            Report.round(Checks.maxAbsDifference(reducedScorer.score(sample.query, passages), fullScores), 5));
        contenders.add(Interleaved.timed(BaseRerankerFolder.INT8, () -> reducedScorer.score(sample.query, passages)));
      }
      Map<String, double[]> times = Interleaved.time(contenders, settings.rounds());
      double fp32Median = Interleaved.median(times.get(FP32));
      String label = "base reranker, one rerank of 20 pairs x " + length + " tokens";
      for (Map.Entry<String, double[]> timing : times.entrySet()) {
        Map<String, Object> figures = timing.getKey().equals(FP32) ? fp32 : int8;
        double median = Interleaved.median(timing.getValue());
        figures.put("latency_ms_20pairs_" + length + "_p50", Report.round(median, 0));
        figures.put("latency_ms_20pairs_" + length + "_p90", Report.round(p90(timing.getValue()), 0));
        figures.put("reranks_per_second_" + length, Report.round(1000 / median, 3));
        figures.put("round_ms_" + length, CrossEncoderSection.round(timing.getValue()));
        String comparison = "p90 " + Report.format("%.0f ms", p90(timing.getValue()));
        if (figures == int8) {
          figures.put("ratio_speed_vs_fp32_" + length, Report.round(fp32Median / median, 2));
          if (length == LENGTHS[0]) {
            figures.put("ratio_speed_vs_fp32", Report.round(fp32Median / median, 2));
          }
          comparison += ", " + Report.times(fp32Median / median) + " vs fp32, max |Δlogit| "
              + Report.format("%.4f", (double) figures.get("max_abs_logit_difference_vs_fp32_" + length));
        }
        report.row(label, timing.getKey(), median,
            Report.format("%.3f reranks/s (%.1f pairs/s)", 1000 / median, passages.size() * 1000 / median), comparison);
      }
    } finally {
      loaded.forEach(LoadedModel::close);
    }
  }

  /** The nearest-rank 90th percentile: with 5 rounds, the slowest. */
  static double p90(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.ceil(0.9 * sorted.length) - 1];
  }
}
