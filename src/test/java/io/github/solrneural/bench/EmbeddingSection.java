package io.github.solrneural.bench;

import io.github.solrneural.model.Embedder;
import io.github.solrneural.model.Embedding;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.testing.DemoModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Section 2: embedding SciFact documents that fit the max length (so nobody truncates or splits):
 * the plugin's embedder against LangChain4j's AllMiniLmL6V2EmbeddingModel (its own JVM) and the
 * floor, in float32, then both libraries' int8 exports of the same model.
 */
final class EmbeddingSection {
  private final BenchSettings settings;
  private final ScifactSample sample;
  private final Report report;

  EmbeddingSection(BenchSettings settings, ScifactSample sample, Report report) {
    this.settings = settings;
    this.sample = sample;
    this.report = report;
  }

  Map<String, Object> run() throws Exception {
    List<String> texts = sample.embeddingTexts();
    // The configset's embedder, as shipped; the reference and the floor use all the cores.
    ModelSpec fp32Spec = DemoModels.configsetEmbedderSpec();
    Path folder = fp32Spec.folder();
    int threads = Runtime.getRuntime().availableProcessors();
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("documents", sample.embeddingDocuments.size());
    section.put("chunks", texts.size());
    section.put("texts", "the chunks of the documents' abstracts, as the default chain makes them, all within "
        + Math.min(BenchSettings.MAX_LENGTH, truncation(folder.resolve("tokenizer.json")))
        + " tokens: LangChain4j keeps the truncation of the model's tokenizer.json, so it cuts longer texts there");
    section.put("model", "all-MiniLM-L6-v2 (" + folder + ")");
    section.put("plugin_split", fp32Spec.maxConcurrentInferences() + " passes at once x "
        + fp32Spec.effectiveIntraOpThreads() + " threads");

    OnnxMatMuls matMuls = OnnxMatMuls.read(folder.resolve("model.onnx"));
    double flops = 0;
    long tokens = 0;
    float[][] reference;
    try (LoadedModel counter = LoadedModel.load(fp32Spec);
        OrtJavaEmbedder ortJava = new OrtJavaEmbedder(folder.resolve("model.onnx"), folder.resolve("tokenizer.json"), BenchSettings.MAX_LENGTH, threads)) {
      for (String text : texts) {
        int length = counter.tokenizer().encode(text).length();
        tokens += length;
        flops += matMuls.flops(length);
      }
      reference = ortJava.embedOneByOne(texts);
    }
    section.put("tokens", tokens);
    section.put("matmul_gflop_of_the_documents", Report.round(flops / 1e9, 2));
    section.put("reference", "ONNX Runtime Java API on model.onnx, one text per call, mean pooling, L2");

    Path workDir = DemoModels.buildDir().resolve("bench");
    Files.createDirectories(workDir);
    List<AutoCloseable> open = new ArrayList<>();
    try {
      LoadedModel fp32 = LoadedModel.load(fp32Spec);
      open.add(fp32);
      Embedder pluginFp32 = new Embedder(fp32);
      LangChain4jPeer peerFp32 = LangChain4jPeer.start(settings, texts, "fp32", workDir);
      open.add(peerFp32);
      Map<String, Object> checks = new LinkedHashMap<>();
      checks.put("plugin_embedder", Checks.requireVectors("plugin embedder", vectors(pluginFp32.embedAll(texts)), reference));
      checks.put("langchain4j", Checks.requireVectors("LangChain4j", peerFp32.vectors(), reference));
      section.put("min_cosine_vs_reference", checks);

      List<Interleaved.Contender> contenders = new ArrayList<>();
      contenders.add(Interleaved.timed("plugin_embedder_fp32", () -> pluginFp32.embedAll(texts)));
      contenders.add(new Interleaved.Contender("langchain4j_fp32", peerFp32::round));
      Map<String, Object> int8 = new LinkedHashMap<>();
      ModelSpec int8Spec = fp32Spec.toBuilder().variant("int8").build();
      if (Files.isRegularFile(int8Spec.modelFile())) {
        LoadedModel quantized = LoadedModel.load(int8Spec);
        open.add(quantized);
        Embedder pluginInt8 = new Embedder(quantized);
        LangChain4jPeer peerInt8 = LangChain4jPeer.start(settings, texts, "int8", workDir);
        open.add(peerInt8);
        int8.put("plugin_embedder_int8_min_cosine_vs_fp32_reference", Report.round(Checks.minCosine(vectors(pluginInt8.embedAll(texts)), reference), 5));
        int8.put("langchain4j_int8_min_cosine_vs_fp32_reference", Report.round(Checks.minCosine(peerInt8.vectors(), reference), 5));
        contenders.add(Interleaved.timed("plugin_embedder_int8", () -> pluginInt8.embedAll(texts)));
        contenders.add(new Interleaved.Contender("langchain4j_int8", peerInt8::round));
      } else {
        int8.put("not_measured", int8Spec.modelFile() + " is missing");
      }
      MatMulRate matMulRate = MatMulRate.onnxRuntime(threads);
      contenders.add(matMulRate.contender(CrossEncoderSection.MATMUL_PROBE));
      Map<String, double[]> times;
      try (matMulRate) {
        times = Interleaved.time(contenders, settings.rounds());
      }
      times.remove(CrossEncoderSection.MATMUL_PROBE);
      for (Map.Entry<String, double[]> entry : times.entrySet()) {
        double median = Interleaved.median(entry.getValue());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("median_ms", Report.round(median, 1));
        figures.put("chunks_per_second", Report.round(texts.size() / median * 1000, 1));
        figures.put("docs_per_second", Report.round(sample.embeddingDocuments.size() / median * 1000, 1));
        figures.put("round_ms", CrossEncoderSection.round(entry.getValue()));
        (entry.getKey().endsWith("int8") ? int8 : section).put(entry.getKey(), figures);
      }
      double plugin = Interleaved.median(times.get("plugin_embedder_fp32"));
      double langchain4j = Interleaved.median(times.get("langchain4j_fp32"));
      section.put("ratio_plugin_speed_vs_langchain4j", Report.round(langchain4j / plugin, 2));
      String label = "embed " + texts.size() + " chunks, OnnxRuntime fp32";
      row(label, "plugin embedder (batched, padded to need)", plugin, texts.size(), "");
      row(label, "LangChain4j AllMiniLmL6V2EmbeddingModel (own JVM)", langchain4j, texts.size(),
          "plugin " + Report.times(langchain4j / plugin));

      matMulRate.reportFloor(report, label, "OnnxRuntime", section, flops, plugin, texts.size(),
          "chunks");

      if (times.containsKey("plugin_embedder_int8")) {
        double pluginInt8 = Interleaved.median(times.get("plugin_embedder_int8"));
        double langchain4jInt8 = Interleaved.median(times.get("langchain4j_int8"));
        int8.put("ratio_plugin_int8_speed_vs_plugin_fp32", Report.round(plugin / pluginInt8, 2));
        int8.put("ratio_plugin_int8_speed_vs_langchain4j_int8", Report.round(langchain4jInt8 / pluginInt8, 2));
        String int8Label = "embed " + texts.size() + " chunks, OnnxRuntime int8 (-q export)";
        row(int8Label, "plugin embedder, variant int8", pluginInt8, texts.size(),
            Report.times(plugin / pluginInt8) + " vs plugin fp32, min cosine "
                + Report.format("%.4f", (double) int8.get("plugin_embedder_int8_min_cosine_vs_fp32_reference")));
        row(int8Label, "LangChain4j AllMiniLmL6V2QuantizedEmbeddingModel", langchain4jInt8, texts.size(),
            "plugin int8 " + Report.times(langchain4jInt8 / pluginInt8));
      }
      section.put("reduced_precision", int8);
    } finally {
      for (AutoCloseable closeable : open) {
        closeable.close();
      }
    }
    return section;
  }

  private void row(String label, String contender, double millis, int texts, String comparison) {
    report.row(label, contender, millis, Report.format("%.1f chunks/s", texts / millis * 1000), comparison);
  }

  /**
   * The truncation length a tokenizer.json stores: LangChain4j keeps it (it overrides only the
   * padding), so it is LangChain4j's real window; the plugin overrides it with maxLength.
   */
  static int truncation(Path tokenizerJson) throws java.io.IOException {
    com.google.gson.JsonObject root =
        com.google.gson.JsonParser.parseString(Files.readString(tokenizerJson)).getAsJsonObject();
    if (!root.has("truncation") || root.get("truncation").isJsonNull()) {
      return Integer.MAX_VALUE;
    }
    return root.getAsJsonObject("truncation").get("max_length").getAsInt();
  }

  static float[][] vectors(List<Embedding> embeddings) {
    float[][] vectors = new float[embeddings.size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = embeddings.get(i).vector();
    }
    return vectors;
  }
}
