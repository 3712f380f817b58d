package io.github.solrneural.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Model file variants (model-&lt;variant&gt;.onnx/.pt) and the thread settings of a spec. */
public class ModelVariantTest {
  @Rule public TemporaryFolder temp = new TemporaryFolder();

  @Test
  public void aVariantNamesItsFileBesideTheDefaultOne() {
    ModelSpec onnx = TinyModels.crossEncoder("tiny-cross-encoder", ModelEngine.ONNX_RUNTIME, 4);
    assertEquals("model.onnx", onnx.modelFileName());
    assertEquals("model-int8.onnx", onnx.toBuilder().variant("int8").build().modelFileName());
    ModelSpec torch = TinyModels.crossEncoder("tiny-cross-encoder", ModelEngine.PYTORCH, 4);
    assertEquals(torch.folder().resolve("model-bf16.pt"), torch.toBuilder()
        .variant("bf16")
        .build().modelFile());
  }

  @Test
  public void aVariantCannotReachOutsideTheFolder() {
    ModelSpec spec = TinyModels.crossEncoder("tiny-cross-encoder", ModelEngine.ONNX_RUNTIME, 4);
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> spec.toBuilder()
            .variant("../other")
            .build());
    assertTrue(error.getMessage(), error.getMessage().contains("variant"));
  }

  @Test
  public void theVariantFileIsTheOneLoaded() throws Exception {
    // A folder whose int8 variant is another model: its scores show which file ran.
    Path folder = temp.newFolder("variants").toPath();
    Path tiny = TinyModels.DIR.resolve("tiny-cross-encoder");
    Files.copy(tiny.resolve("model.onnx"), folder.resolve("model.onnx"));
    Files.copy(tiny.resolve("tokenizer.json"), folder.resolve("tokenizer.json"));
    Files.copy(TinyModels.DIR.resolve("tiny-cross-encoder-2in/model.onnx"), folder.resolve("model-other.onnx"));
    ModelSpec base =
        ModelSpec.builder(folder, ModelEngine.ONNX_RUNTIME, ModelKind.CROSS_ENCODER)
            .maxLength(TinyModels.MAX_LENGTH)
            .pooling(Pooling.MEAN)
            .normalize(false)
            .batchSize(4)
            .maxConcurrentInferences(1)
            .build();
    String query = "what is the plan for the economy";
    List<String> passages = List.of("jobs and prices", "the budget");
    float[] defaultScores;
    try (LoadedModel model = LoadedModel.load(base)) {
      defaultScores = new CrossEncoder(model).score(query, passages);
    }
    try (LoadedModel model = LoadedModel.load(base.toBuilder().variant("other").build());
        LoadedModel reference =
            LoadedModel.load(TinyModels.crossEncoder("tiny-cross-encoder-2in", ModelEngine.ONNX_RUNTIME, 4))) {
      float[] variantScores = new CrossEncoder(model).score(query, passages);
      assertArrayEquals(new CrossEncoder(reference).score(query, passages), variantScores, 1e-6f);
      assertTrue(Math.abs(variantScores[0] - defaultScores[0]) > 1e-3);
    }
    ModelLoadException missing =
        assertThrows(ModelLoadException.class, () -> LoadedModel.load(base.toBuilder()
            .variant("int8")
            .build()));
    assertTrue(missing.getMessage(), missing.getMessage().contains("model-int8.onnx"));
  }

  @Test
  public void defaultThreadsShareTheCoresAmongConcurrentPasses() {
    int cores = Runtime.getRuntime().availableProcessors();
    ModelSpec spec = TinyModels.crossEncoder("tiny-cross-encoder", ModelEngine.ONNX_RUNTIME, 4);
    ModelSpec defaults = spec.toBuilder()
        .maxConcurrentInferences(ModelSpec.defaultConcurrency())
        .intraOpThreads(ModelSpec.AUTO_THREADS)
        .build();
    assertEquals(ModelSpec.defaultThreadsPerInference(), defaults.effectiveIntraOpThreads());
    assertTrue(defaults.maxConcurrentInferences() * defaults.effectiveIntraOpThreads() <= cores);
    assertEquals(cores, spec.toBuilder()
        .maxConcurrentInferences(1)
        .intraOpThreads(ModelSpec.AUTO_THREADS)
        .build().effectiveIntraOpThreads());
    assertEquals(3, spec.toBuilder()
        .maxConcurrentInferences(1)
        .intraOpThreads(3)
        .build().effectiveIntraOpThreads());
    assertEquals(
        Map.of("intraOpNumThreads", "3", "interOpNumThreads", "1"),
        ModelLoader.engineOptions(spec.toBuilder()
            .maxConcurrentInferences(1)
            .intraOpThreads(3)
            .build()));
  }

  @Test
  public void pyTorchThreadsArePerJvmNotPerModel() {
    ModelSpec torch = TinyModels.crossEncoder("tiny-cross-encoder", ModelEngine.PYTORCH, 4);
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> torch.toBuilder()
            .maxConcurrentInferences(1)
            .intraOpThreads(2)
            .build());
    assertTrue(error.getMessage(), error.getMessage().contains("ai.djl.pytorch.num_threads"));
    assertEquals(Map.of(), ModelLoader.engineOptions(torch));
  }
}
