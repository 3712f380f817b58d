package io.github.solrneural.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * An XLM-RoBERTa-architecture cross-encoder (as bge-reranker-base: two inputs, Unigram tokenizer
 * with Metaspace and the RoBERTa pair template, pad id 1, positions counted from pad id + 1, one
 * logit) against a pure-Python Unigram tokenizer and eager torch, one pair at a time without
 * padding, for pairs up to and beyond 512 tokens.
 */
public class XlmRobertaFamilyTest {
  private static final float TOLERANCE = 1e-5f;
  private static final long PAD = 1;

  @Test
  public void pairIdsEqualTheReferenceAndOnlyThePassageIsCut() throws Exception {
    int longest = 0;
    try (ModelTokenizer tokenizer =
        ModelTokenizer.load(
            TinyModels.DIR.resolve(FamilyModels.XLMR).resolve("tokenizer.json"),
            FamilyModels.MAX_LENGTH)) {
      for (JsonElement element : pairs()) {
        JsonObject expected = element.getAsJsonObject();
        TokenSequence pair =
            tokenizer.encodePair(
                expected.get("query").getAsString(), expected.get("passage").getAsString());
        assertArrayEquals(
            label(expected), TinyModels.longs(expected.getAsJsonArray("input_ids")), pair.ids());
        longest = Math.max(longest, pair.length());
      }
    }
    assertEquals("the references reach the max length", FamilyModels.MAX_LENGTH, longest);
  }

  @Test
  public void theGraphGetsNoTokenTypes() throws Exception {
    assertEquals(
        List.of(ModelInput.INPUT_IDS, ModelInput.ATTENTION_MASK),
        FamilyModels.fedInputs(FamilyModels.spec(FamilyModels.XLMR, ModelKind.CROSS_ENCODER, 4)));
  }

  @Test
  public void batchesArePaddedWithThePadIdOfTheTokenizer() throws Exception {
    try (LoadedModel model =
        LoadedModel.load(FamilyModels.spec(FamilyModels.XLMR, ModelKind.CROSS_ENCODER, 4))) {
      assertEquals(PAD, model.tokenizer().padId());
      TokenSequence shortPair = model.tokenizer().encodePair("inflation", "prices");
      TokenSequence longPair =
          model.tokenizer().encodePair("inflation", "the prices of jobs and oil");
      PaddedBatch batch = model.pad(List.of(shortPair, longPair)); // as the forward passes get it
      assertTrue(batch.width() > shortPair.length());
      for (int i = shortPair.length(); i < batch.width(); i++) {
        assertEquals("padding at " + i, PAD, batch.ids()[0][i]);
        assertEquals(0, batch.attentionMask()[0][i]);
      }
    }
  }

  @Test
  public void logitsEqualTheReferenceBatchedAndOneAtATime() throws Exception {
    List<String> queries = new ArrayList<>();
    List<String> passages = new ArrayList<>();
    List<Float> expected = new ArrayList<>();
    for (JsonElement element : pairs()) {
      JsonObject pair = element.getAsJsonObject();
      queries.add(pair.get("query").getAsString());
      passages.add(pair.get("passage").getAsString());
      expected.add(pair.get("logit").getAsFloat());
    }
    try (LoadedModel model =
        LoadedModel.load(FamilyModels.spec(FamilyModels.XLMR, ModelKind.CROSS_ENCODER, 4))) {
      CrossEncoder crossEncoder = new CrossEncoder(model);
      float[] batched = crossEncoder.scorePairs(queries, passages); // batches of 4, padded
      for (int i = 0; i < passages.size(); i++) {
        String label = queries.get(i) + " / " + passages.get(i).length() + " chars";
        assertEquals("batched " + label, expected.get(i), batched[i], TOLERANCE);
        float alone = crossEncoder.score(queries.get(i), List.of(passages.get(i)))[0];
        assertEquals("alone " + label, expected.get(i), alone, TOLERANCE);
      }
      assertTrue("the longest pairs were cut", model.truncatedItems() > 0);
    }
  }

  private static Iterable<JsonElement> pairs() throws Exception {
    return FamilyModels.reference(FamilyModels.XLMR).getAsJsonArray("pairs");
  }

  private static String label(JsonObject pair) {
    String passage = pair.get("passage").getAsString();
    return pair.get("query").getAsString() + " / "
        + passage.substring(0, Math.min(40, passage.length()));
  }
}
