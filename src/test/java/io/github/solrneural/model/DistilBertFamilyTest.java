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
 * A DistilBERT-architecture embedder (as msmarco-distilbert-dot-v5: two inputs, 512 positions,
 * mean pooling, unnormalised) against a pure-Python WordPiece tokenizer and eager torch, one text
 * at a time without padding, for texts up to and beyond 512 tokens.
 */
public class DistilBertFamilyTest {
  private static final float TOLERANCE = 1e-5f;

  @Test
  public void tokenIdsEqualTheReferenceUpTo512Tokens() throws Exception {
    JsonObject reference = FamilyModels.reference(FamilyModels.DISTILBERT);
    int longest = 0;
    try (ModelTokenizer tokenizer =
        ModelTokenizer.load(
            TinyModels.DIR.resolve(FamilyModels.DISTILBERT).resolve("tokenizer.json"),
            FamilyModels.MAX_LENGTH)) {
      for (JsonElement element : reference.getAsJsonArray("embeddings")) {
        JsonObject expected = element.getAsJsonObject();
        String text = expected.get("text").getAsString();
        long[] ids = TinyModels.longs(expected.getAsJsonArray("input_ids"));
        TokenSequence sequence = tokenizer.encode(text);
        assertArrayEquals(text, ids, sequence.ids());
        longest = Math.max(longest, sequence.length());
      }
    }
    assertEquals("the references reach the max length", FamilyModels.MAX_LENGTH, longest);
  }

  @Test
  public void theGraphGetsNoTokenTypes() throws Exception {
    assertEquals(
        List.of(ModelInput.INPUT_IDS, ModelInput.ATTENTION_MASK),
        FamilyModels.fedInputs(FamilyModels.spec(FamilyModels.DISTILBERT, ModelKind.EMBEDDING, 4)));
  }

  @Test
  public void vectorsEqualTheReferenceBatchedAndOneAtATime() throws Exception {
    List<String> texts = new ArrayList<>();
    List<float[]> expected = new ArrayList<>();
    for (JsonElement element :
        FamilyModels.reference(FamilyModels.DISTILBERT).getAsJsonArray("embeddings")) {
      texts.add(element.getAsJsonObject().get("text").getAsString());
      expected.add(TinyModels.floats(element.getAsJsonObject().get("mean")));
    }
    try (LoadedModel model =
        LoadedModel.load(FamilyModels.spec(FamilyModels.DISTILBERT, ModelKind.EMBEDDING, 4))) {
      Embedder embedder = new Embedder(model);
      assertEquals(32, embedder.dimension());
      List<Embedding> batched = embedder.embedAll(texts); // batches of 4, padded with [PAD]
      boolean sawUnnormalised = false;
      for (int i = 0; i < texts.size(); i++) {
        String label = texts.get(i).substring(0, Math.min(40, texts.get(i).length()));
        assertArrayEquals("batched " + label, expected.get(i), batched.get(i).vector(), TOLERANCE);
        Embedding alone = embedder.embed(texts.get(i));
        assertArrayEquals("alone " + label, expected.get(i), alone.vector(), TOLERANCE);
        sawUnnormalised |= Math.abs(norm(alone.vector()) - 1) > 0.1;
      }
      assertTrue("normalize=false keeps the model's norms", sawUnnormalised);
      assertTrue("the longest text was cut", batched.get(texts.size() - 1).truncated());
      assertFalse(batched.get(0).truncated());
    }
  }

  private static double norm(float[] vector) {
    double sum = 0;
    for (float value : vector) {
      sum += value * value;
    }
    return Math.sqrt(sum);
  }
}
