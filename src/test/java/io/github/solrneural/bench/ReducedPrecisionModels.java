package io.github.solrneural.bench;

import io.github.solrneural.testing.DemoModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cross-encoder folder under target/ that holds the shared float32 files (linked) and the
 * reduced-precision variants derived from them by the project's scripts in src/test/python:
 * model-int8.onnx (quantize_onnx_int8.py), model-int8.pt, model-bf16.pt, model-bf16_mixed.pt,
 * model-bf16_head.pt, model-bf16_residual.pt and model-fp32_frozen.pt (make_torchscript_variants.py); for the precision section also
 * model-int8_keep.onnx (quantize_onnx_int8.py keeping each layer's feed-forward output projection
 * float32) and model-int8_static.onnx (quantize_onnx_int8_static.py, calibrated on SciFact train
 * pairs). Derived once; a variant that cannot be made is reported with the reason, and its rows
 * say so.
 */
final class ReducedPrecisionModels {
  static final List<String> LINKED = List.of(
      "model.onnx", "model.pt", "tokenizer.json", "config.json", "reference-pairs.jsonl", "reference-scores.tsv");

  final Path folder;
  /** variant file name -> null when present, else why it could not be made. */
  final Map<String, String> problems = new LinkedHashMap<>();

  private ReducedPrecisionModels(Path folder) {
    this.folder = folder;
  }

  /** The feed-forward output projections, whose post-GELU inputs carry int8's largest errors. */
  static final String KEEP_FP32 = "*/out/MatMul";

  static ReducedPrecisionModels prepare(BenchSettings settings, boolean precisionRecipes) throws IOException {
    Path folder = DemoModels.buildDir().resolve("bench-models").resolve(settings.reranker().getFileName());
    Files.createDirectories(folder);
    for (String name : LINKED) {
      Path source = settings.reranker().resolve(name);
      Path link = folder.resolve(name);
      if (Files.exists(source) && !Files.exists(link)) {
        Files.createSymbolicLink(link, source);
      }
    }
    ReducedPrecisionModels models = new ReducedPrecisionModels(folder);
    models.derive(settings, List.of("model-int8.onnx"),
        "quantize_onnx_int8.py", folder.resolve("model.onnx").toString(), folder.resolve("model-int8.onnx").toString());
    models.derive(settings, List.of("model-int8.pt", "model-bf16.pt", "model-bf16_mixed.pt", "model-bf16_head.pt",
            "model-bf16_residual.pt", "model-fp32_frozen.pt"),
        "make_torchscript_variants.py", folder.resolve("model.pt").toString(), folder.toString());
    if (precisionRecipes) {
      models.derive(settings, List.of("model-int8_keep.onnx"), "quantize_onnx_int8.py",
          folder.resolve("model.onnx").toString(), folder.resolve("model-int8_keep.onnx").toString(),
          "--keep-fp32", KEEP_FP32);
      models.derive(settings, List.of("model-int8_static.onnx"), "quantize_onnx_int8_static.py",
          folder.resolve("model.onnx").toString(), folder.resolve("model.pt").toString(),
          settings.dataset().toString(), folder.resolve("model-int8_static.onnx").toString());
    }
    return models;
  }

  private void derive(BenchSettings settings, List<String> outputs, String script, String... args) {
    if (outputs.stream().allMatch(name -> Files.isRegularFile(folder.resolve(name)))) {
      outputs.forEach(name -> problems.put(name, null));
      return;
    }
    String problem =
        PythonScript.run(settings, folder, script, args);
    for (String name : outputs) {
      String missing =
          problem != null ? problem
              : Files.isRegularFile(folder.resolve(name)) ? null : script + " wrote no " + name;
      problems.put(name, missing == null ? null
          : missing + " (needs Debian's python3-onnx, python3-numpy and python3-torch for "
              + settings.python() + ")");
    }
  }

  boolean has(String fileName) {
    return problems.containsKey(fileName) && problems.get(fileName) == null;
  }
}
