package io.github.solrneural.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * The embedder against outputs computed independently (eager torch, a pure-Python tokenizer, one
 * text at a time without padding), through both engines.
 */
public class EmbedderParityTest {
  private static final float TOLERANCE = 1e-5f;

  @Test
  public void meanPooledNormalisedMatchesReferenceOnPyTorch() throws Exception {
    checkAgainstReference(ModelEngine.PYTORCH, Pooling.MEAN, true, "mean");
  }

  @Test
  public void meanPooledNormalisedMatchesReferenceOnOnnxRuntime() throws Exception {
    checkAgainstReference(ModelEngine.ONNX_RUNTIME, Pooling.MEAN, true, "mean");
  }

  @Test
  public void rawMeanPoolingMatchesReference() throws Exception {
    checkAgainstReference(ModelEngine.ONNX_RUNTIME, Pooling.MEAN, false, "mean_raw");
  }

  @Test
  public void clsPoolingMatchesReference() throws Exception {
    checkAgainstReference(ModelEngine.PYTORCH, Pooling.CLS, true, "cls");
  }

  @Test
  public void tokenizerOverridesTheTruncationAndPaddingStoredInTokenizerJson() throws Exception {
    // tokenizer.json says: truncate at 12, pad to 40. The plugin truncates at 24 and never pads.
    try (ModelTokenizer tokenizer =
        ModelTokenizer.load(TinyModels.DIR.resolve("tokenizer.json"), TinyModels.MAX_LENGTH)) {
      for (JsonElement element : TinyModels.reference().getAsJsonArray("embeddings")) {
        JsonObject expected = element.getAsJsonObject();
        TokenSequence sequence = tokenizer.encode(expected.get("text").getAsString());
        assertArrayEquals(
            expected.get("text").getAsString(),
            TinyModels.longs(expected.getAsJsonArray("input_ids")),
            sequence.ids());
      }
      TokenSequence longText = tokenizer.encode("the economy ".repeat(50));
      assertEquals(TinyModels.MAX_LENGTH, longText.length());
      assertTrue(longText.truncated());
      TokenSequence shortText = tokenizer.encode("the economy");
      assertEquals(4, shortText.length());
      assertFalse(shortText.truncated());
    }
  }

  @Test
  public void batchedEmbeddingsEqualSingleOnes() throws Exception {
    ModelSpec spec = TinyModels.embedder(ModelEngine.PYTORCH, Pooling.MEAN, true);
    try (LoadedModel model = LoadedModel.load(spec)) {
      Embedder embedder = new Embedder(model);
      List<String> texts = new ArrayList<>();
      for (JsonElement element : TinyModels.reference().getAsJsonArray("embeddings")) {
        texts.add(element.getAsJsonObject().get("text").getAsString());
      }
      List<Embedding> batched = embedder.embedAll(texts);
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(
            texts.get(i), embedder.embed(texts.get(i)).vector(), batched.get(i).vector(), TOLERANCE);
      }
    }
  }

  private static void checkAgainstReference(
      ModelEngine engine, Pooling pooling, boolean normalize, String key) throws Exception {
    try (LoadedModel model = LoadedModel.load(TinyModels.embedder(engine, pooling, normalize))) {
      Embedder embedder = new Embedder(model);
      assertEquals(32, embedder.dimension());
      List<String> texts = new ArrayList<>();
      List<float[]> expected = new ArrayList<>();
      for (JsonElement element : TinyModels.reference().getAsJsonArray("embeddings")) {
        texts.add(element.getAsJsonObject().get("text").getAsString());
        expected.add(TinyModels.floats(element.getAsJsonObject().get(key)));
      }
      // All texts in one call: batches of 4, padded, sorted by length.
      List<Embedding> actual = embedder.embedAll(texts);
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(texts.get(i), expected.get(i), actual.get(i).vector(), TOLERANCE);
      }
    }
  }
}
