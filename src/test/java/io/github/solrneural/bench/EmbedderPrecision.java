package io.github.solrneural.bench;

import io.github.solrneural.model.Embedder;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelSpec;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The int8 embedder (LangChain4j's -q export of all-MiniLM-L6-v2) against its float32 model: the
 * mean overlap of every query's top 20 by exact cosine with float32's, recall@100 and nDCG@10 of
 * exact KNN on dev and train, and the speed of embedding the same documents, timed side by side.
 */
final class EmbedderPrecision {
  static final int TIMED_DOCUMENTS = 64;

  private EmbedderPrecision() {}

  static Map<String, Object> run(PrecisionInputs inputs, ScoreCache cache, BenchSettings settings, Report report)
      throws Exception {
    Map<String, Object> section = new LinkedHashMap<>();
    ModelSpec int8Spec = inputs.embedder.toBuilder().variant("int8").build();
    if (!Files.isRegularFile(int8Spec.modelFile())) {
      section.put("int8", Map.of("not_measured", int8Spec.modelFile() + " is missing"));
      return section;
    }
    ExactWindows int8 = ExactWindows.embed(int8Spec, inputs.corpus, inputs.queryTexts, cache, inputs.datasetDigest);
    List<int[]> int8Deep = int8.nearestOfAll(PrecisionSection.DEPTH);
    double overlap = 0;
    for (int q = 0; q < int8Deep.size(); q++) {
      overlap += overlap(inputs.deep.get(q), int8Deep.get(q), PrecisionSection.WINDOW);
    }
    overlap /= int8Deep.size();
    Map<String, Object> fp32Figures = quality(inputs, inputs.deep, inputs.knn);
    Map<String, Object> int8Figures = new LinkedHashMap<>();
    int8Figures.put("model_file", int8Spec.modelFileName());
    int8Figures.put("top20_overlap_mean", Report.round(overlap, 4));
    int8Figures.putAll(quality(inputs, int8Deep, int8));
    section.put("fp32", fp32Figures);
    section.put("int8", int8Figures);

    List<String> texts = inputs.corpus.subList(0, TIMED_DOCUMENTS).stream().map(ExactWindows::passage).toList();
    Map<String, double[]> times;
    try (LoadedModel fp32Model = LoadedModel.load(inputs.embedder); LoadedModel int8Model = LoadedModel.load(int8Spec)) {
      Embedder fp32Embedder = new Embedder(fp32Model);
      Embedder int8Embedder = new Embedder(int8Model);
      times = Interleaved.time(new ArrayList<>(List.of(
          Interleaved.timed("fp32", () -> fp32Embedder.embedAll(texts)),
          Interleaved.timed("int8", () -> int8Embedder.embedAll(texts)))), settings.rounds());
    }
    double fp32Millis = Interleaved.median(times.get("fp32"));
    double int8Millis = Interleaved.median(times.get("int8"));
    int8Figures.put("ratio_speed_vs_fp32", Report.round(fp32Millis / int8Millis, 2));
    String label = "precision: embedder, " + inputs.windowCount() + " queries, exact KNN";
    report.row(label, "fp32 (" + TIMED_DOCUMENTS + " documents)", fp32Millis,
        Report.format("%.1f docs/s", TIMED_DOCUMENTS / fp32Millis * 1000),
        "nDCG@10 dev " + fp32Figures.get("ndcg_at_10_dev") + ", train " + fp32Figures.get("ndcg_at_10_train")
            + "; recall@100 dev " + fp32Figures.get("recall_at_100_dev") + ", train " + fp32Figures.get("recall_at_100_train"));
    report.row(label, "int8 (" + TIMED_DOCUMENTS + " documents)", int8Millis,
        Report.format("%.1f docs/s", TIMED_DOCUMENTS / int8Millis * 1000),
        Report.times(fp32Millis / int8Millis) + " vs fp32, top-20 overlap " + Report.format("%.1f%%", 100 * overlap)
            + ", nDCG@10 dev " + int8Figures.get("ndcg_at_10_dev") + ", train " + int8Figures.get("ndcg_at_10_train")
            + "; recall@100 dev " + int8Figures.get("recall_at_100_dev") + ", train " + int8Figures.get("recall_at_100_train"));
    return section;
  }

  /** The share of the first k of a that are among the first k of b. */
  static double overlap(int[] a, int[] b, int k) {
    int[] first = Arrays.copyOf(b, k);
    Arrays.sort(first);
    int shared = 0;
    for (int i = 0; i < k; i++) {
      if (Arrays.binarySearch(first, a[i]) >= 0) {
        shared++;
      }
    }
    return (double) shared / k;
  }

  private static Map<String, Object> quality(PrecisionInputs inputs, List<int[]> deep, ExactWindows knn) {
    WindowQuality ranking = new WindowQuality(inputs.queryIds, inputs.documentIds, deep);
    WindowQuality.Scores cosine = (q, i) -> knn.cosine(q, deep.get(q)[i]);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("ndcg_at_10_dev", Report.round(ranking.ndcgAt10(inputs.dev(), cosine), 4));
    figures.put("ndcg_at_10_train", Report.round(ranking.ndcgAt10(inputs.train(), cosine), 4));
    figures.put("recall_at_100_dev", Report.round(ranking.recallAt100(inputs.dev(), cosine), 4));
    figures.put("recall_at_100_train", Report.round(ranking.recallAt100(inputs.train(), cosine), 4));
    return figures;
  }
}
