package io.github.solrneural.bench;

import io.github.solrneural.model.CrossEncoder;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelEngine;
import io.github.solrneural.model.ModelSpec;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Section precision (not in the default run): whether a reduced-precision cross-encoder keeps the
 * float32 ranking over the KNN top-20 windows of every SciFact query (all-MiniLM-L6-v2, exact
 * cosine over title + abstract at the configset's max length), how much faster it is than the best
 * float32 path timed beside it, and what it does to nDCG@10 on dev and train; then the same
 * questions for the int8 embedder. Scores are cached on disk (bench.cache), so each model's 22,180
 * pairs are scored once.
 */
final class PrecisionSection {
  static final int WINDOW = 20;
  static final int DEPTH = 100;
  /** Dev windows timed side by side. */
  static final int TIMED_WINDOWS = 3;

  /** A reduced-precision cross-encoder: its JSON key, engine and variant (model-variant.onnx|pt). */
  record Variant(String key, ModelEngine engine, String variant) {}

  static final List<Variant> VARIANTS = List.of(
      new Variant("onnxruntime_int8", ModelEngine.ONNX_RUNTIME, "int8"),
      new Variant("onnxruntime_int8_keep", ModelEngine.ONNX_RUNTIME, "int8_keep"),
      new Variant("onnxruntime_int8_static", ModelEngine.ONNX_RUNTIME, "int8_static"),
      new Variant("pytorch_bf16", ModelEngine.PYTORCH, "bf16"),
      new Variant("pytorch_bf16_mixed", ModelEngine.PYTORCH, "bf16_mixed"),
      new Variant("pytorch_bf16_head", ModelEngine.PYTORCH, "bf16_head"),
      new Variant("pytorch_bf16_residual", ModelEngine.PYTORCH, "bf16_residual"));

  private final BenchSettings settings;
  private final Report report;
  private final ScoreCache cache;
  private final PrecisionInputs inputs;

  PrecisionSection(BenchSettings settings, Report report) throws Exception {
    this.settings = settings;
    this.report = report;
    this.cache = new ScoreCache(settings.cache());
    this.inputs = PrecisionInputs.load(settings, cache);
  }

  /** Figures for cross_encoder/precision and embedding/precision. */
  Map<String, Object> crossEncoder(ReducedPrecisionModels models) throws Exception {
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("windows", inputs.describe());
    ModelSpec fp32 = CrossEncoderSection.spec(models.folder, ModelEngine.ONNX_RUNTIME, "");
    float[] reference = scores(fp32);
    Map<String, Object> fp32Figures = quality(reference);
    fp32Figures.put("model_file", fp32.modelFileName());
    section.put("fp32", fp32Figures);

    List<PrecisionSpeed.Model> timed = new ArrayList<>();
    timed.add(new PrecisionSpeed.Model("onnxruntime_fp32", fp32, true));
    timed.add(new PrecisionSpeed.Model("pytorch_fp32",
        CrossEncoderSection.spec(models.folder, ModelEngine.PYTORCH, ""), true));
    ModelSpec frozen = CrossEncoderSection.spec(models.folder, ModelEngine.PYTORCH, "fp32_frozen");
    if (Files.isRegularFile(frozen.modelFile())) {
      timed.add(new PrecisionSpeed.Model("pytorch_fp32_frozen", frozen, true));
    }
    Map<String, Faithfulness> faithful = new LinkedHashMap<>();
    for (Variant variant : VARIANTS) {
      ModelSpec spec = CrossEncoderSection.spec(models.folder, variant.engine(), variant.variant());
      if (!models.has(spec.modelFileName())) {
        section.put(variant.key(), Map.of("not_measured", String.valueOf(models.problems.get(spec.modelFileName()))));
        continue;
      }
      System.out.println("bench: precision: scoring " + inputs.pairCount() + " pairs with " + variant.key());
      float[] scores = scores(spec);
      Faithfulness measured = Faithfulness.of(reference, scores, WINDOW);
      faithful.put(variant.key(), measured);
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("model_file", spec.modelFileName());
      figures.put("top3_agreement", Report.round(measured.top3Agreement(), 4));
      figures.put("kendall_tau_mean", Report.round(measured.kendallTauMean(), 4));
      figures.put("max_abs_score_diff", Report.round(measured.maxAbsScoreDiff(), 4));
      figures.putAll(quality(scores));
      section.put(variant.key(), figures);
      timed.add(new PrecisionSpeed.Model(variant.key(), spec, false));
    }
    speed(section, timed, fp32Figures, faithful);
    return section;
  }

  Map<String, Object> embedder() throws Exception {
    return EmbedderPrecision.run(inputs, cache, settings, report);
  }

  private void speed(Map<String, Object> section, List<PrecisionSpeed.Model> timed,
      Map<String, Object> fp32Figures, Map<String, Faithfulness> faithful) throws Exception {
    System.out.println("bench: precision: timing " + timed.size() + " models side by side");
    List<PrecisionSpeed.Window> windows = inputs.timedWindows(TIMED_WINDOWS);
    Map<String, PrecisionSpeed.Timing> timings = PrecisionSpeed.time(timed, windows, settings.rounds());
    String best = PrecisionSpeed.bestFloat32(timed, timings);
    double bestMillis = timings.get(best).medianMillis();
    Map<String, Object> speed = new LinkedHashMap<>();
    speed.put("timed_pairs", windows.stream().mapToInt(w -> w.passages().size()).sum());
    speed.put("best_fp32", best);
    for (PrecisionSpeed.Model model : timed) {
      PrecisionSpeed.Timing timing = timings.get(model.key());
      speed.put(model.key(), Map.of("median_ms", Report.round(timing.medianMillis(), 1), "form", timing.form()));
    }
    section.put("speed", speed);
    String label = "precision: cross-encoder, " + inputs.windowCount() + " KNN windows of " + WINDOW;
    for (PrecisionSpeed.Model model : timed) {
      PrecisionSpeed.Timing timing = timings.get(model.key());
      double ratio = bestMillis / timing.medianMillis();
      String rate = Report.format("%.1f pairs/s", (int) speed.get("timed_pairs") / timing.medianMillis() * 1000);
      Faithfulness measured = faithful.get(model.key());
      @SuppressWarnings("unchecked")
      Map<String, Object> figures = (Map<String, Object>) section.get(model.key());
      if (measured == null) {
        String note = model.key().equals("onnxruntime_fp32")
            ? "reference; nDCG@10 dev " + fp32Figures.get("ndcg_at_10_dev") + ", train " + fp32Figures.get("ndcg_at_10_train")
            : model.key().equals(best) ? "best fp32" : "";
        report.row(label, model.key() + " (" + timing.form() + ")", timing.medianMillis(), rate, note);
        continue;
      }
      figures.put("ratio_speed_vs_best_fp32", Report.round(ratio, 2));
      report.row(label, model.key() + " (" + timing.form() + ")", timing.medianMillis(), rate,
          Report.times(ratio) + " vs " + best + ", top-3 " + Report.format("%.1f%%", 100 * measured.top3Agreement())
              + ", tau " + Report.format("%.3f", measured.kendallTauMean())
              + ", max |Δ| " + Report.format("%.3f", measured.maxAbsScoreDiff())
              + ", nDCG@10 dev " + Report.format("%+.4f", (double) figures.get("ndcg_at_10_dev") - (double) fp32Figures.get("ndcg_at_10_dev"))
              + " train " + Report.format("%+.4f", (double) figures.get("ndcg_at_10_train") - (double) fp32Figures.get("ndcg_at_10_train")));
    }
  }

  /** Every window's pairs scored by the model, cached under the model file's and the windows' digests. */
  private float[] scores(ModelSpec spec) throws Exception {
    String key = "cross-encoder-scores|" + ScoreCache.fileDigest(spec.modelFile()) + "|"
        + ScoreCache.fileDigest(spec.tokenizerFile()) + "|" + spec.engine() + "|maxLength=" + spec.maxLength()
        + "|" + inputs.digest();
    return cache.floats(key, () -> {
      long start = System.nanoTime();
      float[] all = new float[inputs.pairCount()];
      try (LoadedModel model = LoadedModel.load(spec)) {
        CrossEncoder scorer = new CrossEncoder(model);
        for (int q = 0; q < inputs.windowCount(); q++) {
          float[] window = scorer.score(inputs.query(q), inputs.passages(q));
          System.arraycopy(window, 0, all, q * WINDOW, WINDOW);
          if ((q + 1) % 200 == 0) {
            System.out.printf("bench: precision: %s %d/%d windows, %.0f s%n", spec.modelFileName(), q + 1,
                inputs.windowCount(), (System.nanoTime() - start) / 1e9);
          }
        }
      }
      return all;
    });
  }

  /** nDCG@10 on dev and train of the windows reranked by the scores alone, and blended with the cosine. */
  private Map<String, Object> quality(float[] scores) {
    Map<String, Object> figures = new LinkedHashMap<>();
    WindowQuality.Scores replace = (q, i) -> scores[q * WINDOW + i];
    WindowQuality.Scores blend = inputs.blend(scores);
    figures.put("ndcg_at_10_dev", Report.round(inputs.windows().ndcgAt10(inputs.dev(), replace), 4));
    figures.put("ndcg_at_10_train", Report.round(inputs.windows().ndcgAt10(inputs.train(), replace), 4));
    figures.put("ndcg_at_10_dev_blend", Report.round(inputs.windows().ndcgAt10(inputs.dev(), blend), 4));
    figures.put("ndcg_at_10_train_blend", Report.round(inputs.windows().ndcgAt10(inputs.train(), blend), 4));
    return figures;
  }
}
