package io.github.solrneural.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/**
 * A maxLength above what the model's position table holds is a load error naming the file and the
 * limit; at the limit the model loads and embeds a text of exactly maxLength tokens. The tiny
 * models know 128 positions, in both engines' files.
 */
public class MaxLengthLimitTest {
  private static final int POSITIONS = 128;

  private static ModelSpec spec(String folder, ModelEngine engine, ModelKind kind, int maxLength) {
    return TinyModels.spec(folder, engine, kind, Pooling.MEAN, kind == ModelKind.EMBEDDING, 4)
        .toBuilder()
        .maxLength(maxLength)
        .build();
  }

  private static void assertRefused(String folder, ModelEngine engine, ModelKind kind, int maxLength) {
    ModelSpec spec = spec(folder, engine, kind, maxLength);
    ModelLoadException error =
        assertThrows(ModelLoadException.class, () -> LoadedModel.load(spec).close());
    String expected = "maxLength " + maxLength + " is above what model file " + spec.modelFile()
        + " takes: it reads at most " + POSITIONS + " tokens (its position table holds "
        + POSITIONS + " usable positions); set maxLength to " + POSITIONS + " or less";
    assertEquals(expected, error.getMessage());
  }

  @Test
  public void aMaxLengthAboveThePositionTableIsALoadErrorNamingTheFileAndTheLimit() {
    for (ModelEngine engine : ModelEngine.values()) {
      assertRefused("tiny-embedder", engine, ModelKind.EMBEDDING, 1024);
      assertRefused("tiny-cross-encoder", engine, ModelKind.CROSS_ENCODER, POSITIONS + 1);
    }
  }

  @Test
  public void atThePositionTableTheModelLoadsAndTakesAFullLengthText() throws Exception {
    for (ModelEngine engine : ModelEngine.values()) {
      try (LoadedModel model =
          LoadedModel.load(spec("tiny-embedder", engine, ModelKind.EMBEDDING, POSITIONS))) {
        Embedding embedding = new Embedder(model).embed("jobs ".repeat(400));
        assertTrue(engine + ": cut to maxLength", embedding.truncated());
        assertEquals(32, embedding.vector().length);
        assertEquals("one probe pass at load, one to embed", 2, model.forwardPasses());
      }
    }
  }
}
