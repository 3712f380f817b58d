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
    assertEquals("model-int8.onnx", onnx.withVariant("int8").modelFileName());
    ModelSpec torch = TinyModels.crossEncoder("tiny-cross-encoder", ModelEngine.PYTORCH, 4);
    assertEquals(torch.folder().resolve("model-bf16.pt"), torch.withVariant("bf16").modelFile());
  }

  @Test
  public void aVariantCannotReachOutsideTheFolder() {
    ModelSpec spec = TinyModels.crossEncoder("tiny-cross-encoder", ModelEngine.ONNX_RUNTIME, 4);
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> spec.withVariant("../other"));
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
        new ModelSpec(folder, ModelEngine.ONNX_RUNTIME, ModelKind.CROSS_ENCODER,
            TinyModels.MAX_LENGTH, Pooling.MEAN, false, 4, 1);
    String query = "what is the plan for the economy";
    List<String> passages = List.of("jobs and prices", "the budget");
    float[] defaultScores;
    try (LoadedModel model = LoadedModel.load(base)) {
      defaultScores = new CrossEncoder(model).score(query, passages);
    }
    try (LoadedModel model = LoadedModel.load(base.withVariant("other"));
        LoadedModel reference =
            LoadedModel.load(TinyModels.crossEncoder("tiny-cross-encoder-2in", ModelEngine.ONNX_RUNTIME, 4))) {
      float[] variantScores = new CrossEncoder(model).score(query, passages);
      assertArrayEquals(new CrossEncoder(reference).score(query, passages), variantScores, 1e-6f);
      assertTrue(Math.abs(variantScores[0] - defaultScores[0]) > 1e-3);
    }
    ModelLoadException missing =
        assertThrows(ModelLoadException.class, () -> LoadedModel.load(base.withVariant("int8")));
    assertTrue(missing.getMessage(), missing.getMessage().contains("model-int8.onnx"));
  }

  @Test
  public void defaultThreadsShareTheCoresAmongConcurrentPasses() {
    int cores = Runtime.getRuntime().availableProcessors();
    ModelSpec spec = TinyModels.crossEncoder("tiny-cross-encoder", ModelEngine.ONNX_RUNTIME, 4);
    ModelSpec defaults = spec.withThreads(ModelSpec.defaultConcurrency(), ModelSpec.AUTO_THREADS);
    assertEquals(ModelSpec.defaultThreadsPerInference(), defaults.effectiveIntraOpThreads());
    assertTrue(defaults.maxConcurrentInferences() * defaults.effectiveIntraOpThreads() <= cores);
    assertEquals(cores, spec.withThreads(1, ModelSpec.AUTO_THREADS).effectiveIntraOpThreads());
    assertEquals(3, spec.withThreads(1, 3).effectiveIntraOpThreads());
    assertEquals(
        Map.of("intraOpNumThreads", "3", "interOpNumThreads", "1"),
        ModelLoader.engineOptions(spec.withThreads(1, 3)));
  }

  @Test
  public void pyTorchThreadsArePerJvmNotPerModel() {
    ModelSpec torch = TinyModels.crossEncoder("tiny-cross-encoder", ModelEngine.PYTORCH, 4);
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> torch.withThreads(1, 2));
    assertTrue(error.getMessage(), error.getMessage().contains("ai.djl.pytorch.num_threads"));
    assertEquals(Map.of(), ModelLoader.engineOptions(torch));
  }
}
