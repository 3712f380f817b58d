package io.github.solrneural.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import org.junit.Test;

public class ModelRegistryTest {
  private final ModelRegistry registry = ModelRegistry.get();

  @Test
  public void equalSpecsShareOneModelUntilTheLastRelease() throws Exception {
    ModelSpec spec = TinyModels.embedder(ModelEngine.ONNX_RUNTIME, Pooling.MEAN, true);
    LoadedModel first = registry.acquire(spec);
    LoadedModel second = registry.acquire(spec);
    assertSame(first, second);
    assertEquals(2, registry.referenceCount(spec));
    registry.release(spec);
    assertEquals(1, registry.referenceCount(spec));
    registry.release(spec);
    assertEquals(0, registry.referenceCount(spec));
    LoadedModel reloaded = registry.acquire(spec);
    assertNotSame(first, reloaded);
    registry.release(spec);
  }

  @Test
  public void differentSettingsLoadSeparately() throws Exception {
    ModelSpec mean = TinyModels.embedder(ModelEngine.ONNX_RUNTIME, Pooling.MEAN, true);
    ModelSpec cls = TinyModels.embedder(ModelEngine.ONNX_RUNTIME, Pooling.CLS, true);
    try {
      assertNotSame(registry.acquire(mean), registry.acquire(cls));
    } finally {
      registry.release(mean);
      registry.release(cls);
    }
  }

  @Test
  public void missingFilesAreNamed() {
    ModelSpec noFolder =
        ModelSpec.builder(Path.of("/nonexistent/model"), ModelEngine.PYTORCH, ModelKind.EMBEDDING)
            .maxLength(16)
            .pooling(Pooling.MEAN)
            .normalize(true)
            .batchSize(4)
            .maxConcurrentInferences(1)
            .build();
    ModelLoadException error = assertThrows(ModelLoadException.class, () -> registry.acquire(noFolder));
    assertTrue(error.getMessage(),
        error.getMessage().contains("model folder /nonexistent/model does not exist"));
    // The tiny-cross-encoder-2in folder has no TorchScript file.
    ModelSpec noTorchScript =
        TinyModels.crossEncoder("tiny-cross-encoder-2in", ModelEngine.PYTORCH, 4);
    error = assertThrows(ModelLoadException.class, () -> registry.acquire(noTorchScript));
    assertTrue(error.getMessage(), error.getMessage().contains("model.pt"));
    assertEquals(0, registry.referenceCount(noTorchScript));
  }
}
