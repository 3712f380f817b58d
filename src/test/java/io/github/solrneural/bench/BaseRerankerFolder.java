package io.github.solrneural.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.solrneural.model.CacheLimits;
import io.github.solrneural.model.ModelEngine;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.model.Pooling;
import io.github.solrneural.testing.DemoModels;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The base-size stand-in for bge-reranker-base in the build folder (random weights, never committed):
 * made by src/test/python/make_base_reranker.py when missing, its int8 twin by
 * quantize_onnx_int8.py, both once.
 */
final class BaseRerankerFolder {
  static final String FOLDER = "models/base-xlmr-reranker";
  static final String INT8 = "int8";
  private static final List<String> MADE = List.of("model.onnx", "tokenizer.json", "reference.json");

  /** A pair of the script's reference, with the eager torch logit at 512 tokens. */
  record ReferencePair(String query, String passage, int tokens, float logit) {}

  final Path folder;
  /** Null when model-int8.onnx is there, else why it could not be made. */
  final String int8Problem;

  private BaseRerankerFolder(Path folder, String int8Problem) {
    this.folder = folder;
    this.int8Problem = int8Problem;
  }

  static BaseRerankerFolder prepare(BenchSettings settings) throws IOException {
    Path folder = DemoModels.buildDir().resolve(FOLDER);
    Files.createDirectories(folder);
    if (!MADE.stream().allMatch(name -> Files.isRegularFile(folder.resolve(name)))) {
      System.out.println("bench: making the base-size reranker in " + folder + " (a few minutes)");
      String problem = PythonScript.run(settings, folder, "make_base_reranker.py",
          settings.dataset().resolve("corpus.jsonl").toString(), folder.toString());
      if (problem != null) {
        throw new IllegalStateException(problem + " (needs torch and numpy for " + settings.python() + ")");
      }
    }
    String int8Problem = null;
    if (!Files.isRegularFile(folder.resolve("model-int8.onnx"))) {
      int8Problem = PythonScript.run(settings, folder, "quantize_onnx_int8.py",
          folder.resolve("model.onnx").toString(), folder.resolve("model-int8.onnx").toString());
      if (int8Problem == null && !Files.isRegularFile(folder.resolve("model-int8.onnx"))) {
        int8Problem = "quantize_onnx_int8.py wrote no model-int8.onnx";
      }
    }
    return new BaseRerankerFolder(folder, int8Problem);
  }

  /**
   * The plugin's spec as a configset would declare this reranker: every setting at its default but
   * the length and the file.
   */
  ModelSpec spec(int maxLength, String variant) {
    return spec(folder, maxLength, variant);
  }

  static ModelSpec spec(Path folder, int maxLength, String variant) {
    return ModelSpec.builder(folder, ModelEngine.ONNX_RUNTIME, ModelKind.CROSS_ENCODER)
        .maxLength(maxLength)
        .pooling(Pooling.MEAN)
        .normalize(false)
        .variant(variant)
        .pairCache(CacheLimits.OFF) // every timed round runs the model, none is a cache hit
        .build();
  }

  double fileMegabytes(String name) throws IOException {
    return ResidentMemory.megabytes(Files.size(folder.resolve(name)));
  }

  static List<ReferencePair> referencePairs(Path folder) throws IOException {
    try (Reader reader = Files.newBufferedReader(folder.resolve("reference.json"))) {
      JsonObject root = JsonParser.parseReader(reader).getAsJsonObject();
      List<ReferencePair> pairs = new ArrayList<>();
      for (JsonElement element : root.getAsJsonArray("pairs")) {
        JsonObject pair = element.getAsJsonObject();
        pairs.add(new ReferencePair(pair.get("query").getAsString(), pair.get("passage").getAsString(),
            pair.getAsJsonArray("input_ids").size(), pair.get("logit").getAsFloat()));
      }
      return pairs;
    }
  }
}
