package io.github.solrneural.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.solrneural.model.CacheLimits;
import io.github.solrneural.model.CrossEncoder;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelEngine;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.model.Pooling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Section 1: the cross-encoder on 20 SciFact dev pairs at their natural lengths, per engine: the
 * plugin's scorer against the same model one pair at a time, DJL's stock reranking path, ONNX
 * Runtime's Java API one pair at a time, and the floor; then the reduced-precision variants.
 */
final class CrossEncoderSection {
  static final String MATMUL_PROBE = "matmul_probe";
  private final BenchSettings settings;
  private final ScifactSample sample;
  private final Report report;
  private final OnnxMatMuls matMuls;
  private final int threads;

  /** A set of pairs of the one query, with the token count of each pair. */
  private record Pairs(String name, List<String> passages, int[] tokens, double flops) {}

  CrossEncoderSection(BenchSettings settings, ScifactSample sample, Report report) throws Exception {
    this.settings = settings;
    this.sample = sample;
    this.report = report;
    this.threads = Runtime.getRuntime().availableProcessors();
    this.matMuls = OnnxMatMuls.read(settings.reranker().resolve("model.onnx"));
  }

  private Pairs pairs(String name, List<String> passages, LoadedModel model) {
    int[] tokens = new int[passages.size()];
    double flops = 0;
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = model.tokenizer().encodePair(sample.query, passages.get(i)).length();
      flops += matMuls.flops(tokens[i]);
    }
    return new Pairs(name, passages, tokens, flops);
  }

  private static Map<String, Object> describe(Pairs pairs) {
    int[] sorted = pairs.tokens().clone();
    Arrays.sort(sorted);
    Map<String, Object> described = new LinkedHashMap<>();
    described.put("pairs", sorted.length);
    described.put("pair_tokens", Map.of(
        "min", sorted[0], "median", sorted[sorted.length / 2], "max", sorted[sorted.length - 1],
        "total", Arrays.stream(sorted).sum()));
    described.put("matmul_gflop_of_the_pairs", Report.round(pairs.flops() / 1e9, 2));
    return described;
  }

  /**
   * The plugin's scorer as this section runs it. ONNX Runtime: as shipped, with the default split of
   * the cores among forward passes, against peers that give one pass all the cores. PyTorch's
   * threads are per JVM (the plugin's default per pass, here for every contender alike), so there
   * the plugin too runs one pass at a time.
   */
  ModelSpec spec(ModelEngine engine, String variant) {
    return shipped(spec(settings.reranker(), engine, variant));
  }

  static ModelSpec shipped(ModelSpec spec) {
    return spec.engine() == ModelEngine.PYTORCH ? onePassAtATime(spec) : spec;
  }

  /** The plugin's spec for a cross-encoder as the configset declares one, with default threads. */
  static ModelSpec spec(Path folder, ModelEngine engine, String variant) {
    return ModelSpec.builder(folder, engine, ModelKind.CROSS_ENCODER)
        .maxLength(BenchSettings.MAX_LENGTH)
        .pooling(Pooling.MEAN)
        .normalize(false)
        .batchSize(ModelSpec.DEFAULT_BATCH_SIZE)
        .maxConcurrentInferences(ModelSpec.defaultConcurrency())
        .variant(variant)
        .pairCache(CacheLimits.OFF) // every timed round runs the model, none is a cache hit
        .build();
  }

  /**
   * One forward pass at a time, on all the threads a pass may have (ONNX Runtime: all the cores):
   * how the peers run a lone request.
   */
  static ModelSpec onePassAtATime(ModelSpec spec) {
    return spec.toBuilder()
        .maxConcurrentInferences(1)
        .intraOpThreads(ModelSpec.AUTO_THREADS)
        .build();
  }

  Map<String, Object> run(ReducedPrecisionModels variants) throws Exception {
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("query_id", sample.queryId);
    section.put("threads_of_the_peers_per_forward_pass", threads);
    Pairs mixed;
    Pairs natural;
    try (LoadedModel model = LoadedModel.load(spec(ModelEngine.ONNX_RUNTIME, ""))) {
      mixed = pairs("mixed lengths", sample.mixedPassages(), model);
      natural = pairs("natural lengths", sample.candidatePassages(ScifactSample.PAIRS), model);
    }
    Map<String, Object> mixedFigures = describe(mixed);
    mixedFigures.put("document_ids", sample.mixedPairs.stream().map(d -> d.id()).toList());
    section.put("mixed_length_pairs", mixedFigures);
    Map<String, Object> naturalFigures = describe(natural);
    naturalFigures.put("document_ids",
        sample.candidates.subList(0, ScifactSample.PAIRS).stream().map(d -> d.id()).toList());
    section.put("natural_length_pairs", naturalFigures);
    section.put("reference", "ONNX Runtime Java API on model.onnx, one pair at a time, unpadded");

    float[] reference;
    try (OrtJavaCrossEncoder ortJava = new OrtJavaCrossEncoder(settings.reranker(), BenchSettings.MAX_LENGTH, threads)) {
      reference = ortJava.scoreOneByOne(sample.query, mixed.passages());
      section.put("onnxruntime", engine(ModelEngine.ONNX_RUNTIME, mixed, reference, ortJava));
      section.put("onnxruntime_natural_lengths", engine(ModelEngine.ONNX_RUNTIME, natural,
          ortJava.scoreOneByOne(sample.query, natural.passages()), ortJava));
    }
    section.put("pytorch", engine(ModelEngine.PYTORCH, mixed, reference, null));
    section.put("reduced_precision", reducedPrecision(variants, mixed.passages(), reference));
    return section;
  }

  private Map<String, Object> engine(
      ModelEngine engine, Pairs pairs, float[] reference, OrtJavaCrossEncoder ortJava) throws Exception {
    String label = "rerank 20 pairs (" + pairs.name() + "), " + engine.djlName() + " fp32";
    List<String> passages = pairs.passages();
    double flops = pairs.flops();
    Map<String, String> engineOptions =
        engine == ModelEngine.ONNX_RUNTIME
            ? Map.of("intraOpNumThreads", Integer.toString(threads), "interOpNumThreads", "1")
            : Map.of();
    Map<String, Object> figures = new LinkedHashMap<>();
    try (LoadedModel model = LoadedModel.load(spec(engine, ""));
        LoadedModel onePass = LoadedModel.load(onePassAtATime(spec(engine, "")));
        DjlStockReranker stock = new DjlStockReranker(model.spec().folder(), engine.djlName(), BenchSettings.MAX_LENGTH, engineOptions)) {
      CrossEncoder scorer = new CrossEncoder(model);
      CrossEncoder single = new CrossEncoder(onePass);
      int passThreads = engine == ModelEngine.ONNX_RUNTIME
          ? model.spec().effectiveIntraOpThreads() : Integer.getInteger("ai.djl.pytorch.num_threads");
      figures.put("plugin_scorer_split", model.spec().maxConcurrentInferences() + " passes at once x "
          + passThreads + " threads");
      figures.put("peers_threads_per_pass", engine == ModelEngine.ONNX_RUNTIME ? threads : passThreads);
      Map<String, Object> differences = new LinkedHashMap<>();
      differences.put("plugin_scorer", Checks.requireScores("plugin scorer", scorer.score(sample.query, passages), reference));
      differences.put("one_pair_at_a_time_djl", Checks.requireScores("one pair at a time", onePairAtATime(single, passages), reference));
      differences.put("djl_stock_reranker", Checks.requireScores("DJL stock reranker", stock.score(sample.query, passages), reference));
      figures.put("max_abs_score_difference_vs_reference", differences);

      List<Interleaved.Contender> contenders = new ArrayList<>();
      contenders.add(Interleaved.timed("plugin_scorer", () -> scorer.score(sample.query, passages)));
      contenders.add(Interleaved.timed("one_pair_at_a_time_djl", () -> onePairAtATime(single, passages)));
      contenders.add(Interleaved.timed("djl_stock_reranker", () -> stock.score(sample.query, passages)));
      if (ortJava != null) {
        contenders.add(Interleaved.timed("ort_java_api_one_pair_at_a_time", () -> ortJava.scoreOneByOne(sample.query, passages)));
      }
      MatMulRate matMulRate =
          engine == ModelEngine.ONNX_RUNTIME ? MatMulRate.onnxRuntime(threads) : MatMulRate.pyTorch();
      contenders.add(matMulRate.contender(MATMUL_PROBE));
      Map<String, double[]> times;
      try (matMulRate) {
        times = Interleaved.time(contenders, settings.rounds());
      }
      times.remove(MATMUL_PROBE);
      double plugin = Interleaved.median(times.get("plugin_scorer"));
      for (Map.Entry<String, double[]> entry : times.entrySet()) {
        double median = Interleaved.median(entry.getValue());
        Map<String, Object> contender = new LinkedHashMap<>();
        contender.put("median_ms", Report.round(median, 1));
        contender.put("pairs_per_second", Report.round(passages.size() / median * 1000, 1));
        contender.put("round_ms", round(entry.getValue()));
        figures.put(entry.getKey(), contender);
        if (!entry.getKey().equals("plugin_scorer")) {
          figures.put("ratio_plugin_speed_vs_" + entry.getKey(), Report.round(median / plugin, 2));
        }
        report.row(label, describe(entry.getKey()), median,
            Report.format("%.1f pairs/s", passages.size() / median * 1000),
            entry.getKey().equals("plugin_scorer") ? "" : "plugin " + Report.times(median / plugin));
      }
      matMulRate.reportFloor(report, label, engine.djlName(), figures, flops, plugin,
          passages.size(), "pairs");
    }
    return figures;
  }

  private float[] onePairAtATime(CrossEncoder scorer, List<String> passages) {
    float[] scores = new float[passages.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = scorer.score(sample.query, List.of(passages.get(i)))[0];
    }
    return scores;
  }

  private Map<String, Object> reducedPrecision(
      ReducedPrecisionModels variants, List<String> passages, float[] reference) throws Exception {
    String label = "rerank 20 pairs (mixed lengths), plugin as shipped, by precision";
    Map<String, Object> figures = new LinkedHashMap<>();
    record Variant(String key, ModelEngine engine, String variant, String fp32Key) {}
    List<Variant> all = List.of(
        new Variant("onnxruntime_fp32", ModelEngine.ONNX_RUNTIME, "", null),
        new Variant("onnxruntime_int8", ModelEngine.ONNX_RUNTIME, "int8", "onnxruntime_fp32"),
        new Variant("pytorch_fp32", ModelEngine.PYTORCH, "", null),
        new Variant("pytorch_int8", ModelEngine.PYTORCH, "int8", "pytorch_fp32"),
        new Variant("pytorch_bf16", ModelEngine.PYTORCH, "bf16", "pytorch_fp32"));
    List<LoadedModel> loaded = new ArrayList<>();
    try {
      List<Interleaved.Contender> contenders = new ArrayList<>();
      Map<String, Variant> measured = new LinkedHashMap<>();
      Map<String, Object> referencePairs = new LinkedHashMap<>();
      for (Variant variant : all) {
        // The plugin against itself: every variant as shipped, with the default split of the cores.
        ModelSpec spec = spec(variants.folder, variant.engine(), variant.variant());
        if (!variant.variant().isEmpty() && !variants.has(spec.modelFileName())) {
          figures.put(variant.key(), Map.of("not_measured", variants.problems.get(spec.modelFileName())));
          report.row(label, variant.key(), Double.NaN, "", "not measured: see JSON");
          continue;
        }
        LoadedModel model = LoadedModel.load(spec);
        loaded.add(model);
        CrossEncoder scorer = new CrossEncoder(model);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("model_file", spec.modelFileName());
        entry.put("max_abs_score_difference_vs_fp32_reference_20_pairs",
            Report.round(Checks.maxAbsDifference(scorer.score(sample.query, passages), reference), 5));
        Double onReferencePairs = referencePairDifference(scorer);
        if (onReferencePairs != null) {
          entry.put("max_abs_score_difference_vs_eager_fp32_reference_200_pairs", Report.round(onReferencePairs, 5));
        }
        figures.put(variant.key(), entry);
        measured.put(variant.key(), variant);
        contenders.add(Interleaved.timed(variant.key(), () -> scorer.score(sample.query, passages)));
      }
      Map<String, double[]> times = Interleaved.time(contenders, settings.rounds());
      for (Map.Entry<String, double[]> timing : times.entrySet()) {
        Variant variant = measured.get(timing.getKey());
        double median = Interleaved.median(timing.getValue());
        @SuppressWarnings("unchecked")
        Map<String, Object> entry = (Map<String, Object>) figures.get(variant.key());
        entry.put("median_ms", Report.round(median, 1));
        entry.put("pairs_per_second", Report.round(passages.size() / median * 1000, 1));
        entry.put("round_ms", round(timing.getValue()));
        String comparison = "";
        if (variant.fp32Key() != null && times.containsKey(variant.fp32Key())) {
          double fp32 = Interleaved.median(times.get(variant.fp32Key()));
          double onnxFp32 = Interleaved.median(times.get("onnxruntime_fp32"));
          entry.put("ratio_speed_vs_same_engine_fp32", Report.round(fp32 / median, 2));
          entry.put("ratio_speed_vs_onnxruntime_fp32", Report.round(onnxFp32 / median, 2));
          comparison = Report.times(fp32 / median) + " vs " + variant.engine().djlName() + " fp32, max |Δscore| "
              + Report.format("%.3f", (double) entry.get("max_abs_score_difference_vs_fp32_reference_20_pairs"));
        }
        report.row(label, variant.key(), median,
            Report.format("%.1f pairs/s", passages.size() / median * 1000), comparison);
      }
    } finally {
      loaded.forEach(LoadedModel::close);
    }
    return figures;
  }

  /** Max |logit - eager fp32 reference| over the shared reference pairs, when the folder has them. */
  private Double referencePairDifference(CrossEncoder scorer) throws Exception {
    Path pairsFile = settings.reranker().resolve("reference-pairs.jsonl");
    Path scoresFile = settings.reranker().resolve("reference-scores.tsv");
    if (!Files.isRegularFile(pairsFile) || !Files.isRegularFile(scoresFile)) {
      return null;
    }
    Map<String, Float> expected = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(scoresFile);
    for (String line : lines.subList(1, lines.size())) {
      String[] columns = line.split("\t");
      expected.put(columns[0] + "\t" + columns[1], Float.parseFloat(columns[2]));
    }
    Map<String, List<String>> passagesByQuery = new LinkedHashMap<>();
    Map<String, List<Float>> expectedByQuery = new LinkedHashMap<>();
    for (String line : Files.readAllLines(pairsFile)) {
      if (line.isBlank()) {
        continue;
      }
      JsonObject pair = JsonParser.parseString(line).getAsJsonObject();
      String query = pair.get("query").getAsString();
      passagesByQuery.computeIfAbsent(query, q -> new ArrayList<>()).add(pair.get("passage").getAsString());
      expectedByQuery.computeIfAbsent(query, q -> new ArrayList<>()).add(
          expected.get(pair.get("query_id").getAsString() + "\t" + pair.get("doc_id").getAsString()));
    }
    double max = 0;
    for (Map.Entry<String, List<String>> entry : passagesByQuery.entrySet()) {
      float[] actual = scorer.score(entry.getKey(), entry.getValue());
      List<Float> wanted = expectedByQuery.get(entry.getKey());
      for (int i = 0; i < actual.length; i++) {
        max = Math.max(max, Math.abs(actual[i] - wanted.get(i)));
      }
    }
    return max;
  }

  private static String describe(String key) {
    return switch (key) {
      case "plugin_scorer" -> "plugin scorer (batched, padded to need)";
      case "one_pair_at_a_time_djl" -> "same model, one pair at a time (DJL)";
      case "djl_stock_reranker" -> "DJL stock reranker (batchPredict)";
      case "ort_java_api_one_pair_at_a_time" -> "ONNX Runtime Java API, one pair at a time";
      default -> key;
    };
  }

  static double[] round(double[] values) {
    return Arrays.stream(values).map(v -> Report.round(v, 1)).toArray();
  }
}
