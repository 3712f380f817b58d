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
 * model-int8.onnx (quantize_onnx_int8.py), model-int8.pt and model-bf16.pt
 * (make_torchscript_variants.py). Derived once; a variant that cannot be made is reported with the
 * reason, and its rows say so.
 */
final class ReducedPrecisionModels {
  static final List<String> LINKED = List.of("model.onnx", "model.pt", "tokenizer.json", "config.json");

  final Path folder;
  /** variant file name -> null when present, else why it could not be made. */
  final Map<String, String> problems = new LinkedHashMap<>();

  private ReducedPrecisionModels(Path folder) {
    this.folder = folder;
  }

  static ReducedPrecisionModels prepare(BenchSettings settings) throws IOException {
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
        "quantize_onnx_int8.py", folder.resolve("model.onnx"), folder.resolve("model-int8.onnx"));
    models.derive(settings, List.of("model-int8.pt", "model-bf16.pt"),
        "make_torchscript_variants.py", folder.resolve("model.pt"), folder);
    return models;
  }

  private void derive(BenchSettings settings, List<String> outputs, String script, Path input, Path output) {
    if (outputs.stream().allMatch(name -> Files.isRegularFile(folder.resolve(name)))) {
      outputs.forEach(name -> problems.put(name, null));
      return;
    }
    String problem =
        PythonScript.run(settings, folder, script, input.toString(), output.toString());
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
