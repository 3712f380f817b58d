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
 * The cross-encoder against logits computed independently (eager torch, a pure-Python tokenizer,
 * one pair at a time without padding), through both engines and with a model that takes no token
 * types.
 */
public class CrossEncoderParityTest {
  private static final float TOLERANCE = 1e-5f;

  @Test
  public void logitsMatchReferenceOnPyTorch() throws Exception {
    checkAgainstReference("tiny-cross-encoder", ModelEngine.PYTORCH, "logit");
  }

  @Test
  public void logitsMatchReferenceOnOnnxRuntime() throws Exception {
    checkAgainstReference("tiny-cross-encoder", ModelEngine.ONNX_RUNTIME, "logit");
  }

  @Test
  public void modelWithoutTokenTypesGetsOnlyTheInputsItDeclares() throws Exception {
    checkAgainstReference("tiny-cross-encoder-2in", ModelEngine.ONNX_RUNTIME, "logit_2in");
  }

  @Test
  public void pairsAreBuiltByTheTemplateAndOnlyThePassageIsCut() throws Exception {
    try (ModelTokenizer tokenizer =
        ModelTokenizer.load(TinyModels.DIR.resolve("tokenizer.json"), TinyModels.MAX_LENGTH)) {
      for (JsonElement element : TinyModels.reference().getAsJsonArray("pairs")) {
        JsonObject expected = element.getAsJsonObject();
        TokenSequence pair =
            tokenizer.encodePair(
                expected.get("query").getAsString(), expected.get("passage").getAsString());
        String label = expected.get("query") + " / " + expected.get("passage");
        assertArrayEquals(label, TinyModels.longs(expected.getAsJsonArray("input_ids")), pair.ids());
        assertArrayEquals(
            label, TinyModels.longs(expected.getAsJsonArray("token_type_ids")), pair.typeIds());
      }
      // The query keeps all its tokens; the passage is cut to fit.
      String query = "what is the plan for the economy";
      TokenSequence queryAlone = tokenizer.encode(query);
      TokenSequence pair = tokenizer.encodePair(query, "jobs and prices ".repeat(40));
      assertEquals(TinyModels.MAX_LENGTH, pair.length());
      assertTrue(pair.truncated());
      for (int i = 0; i < queryAlone.length(); i++) {
        assertEquals(queryAlone.ids()[i], pair.ids()[i]);
      }
      // A query too long to leave room for the passage is cut too rather than failing.
      TokenSequence longQuery = tokenizer.encodePair("the economy ".repeat(40), "jobs");
      assertEquals(TinyModels.MAX_LENGTH, longQuery.length());
    }
  }

  @Test
  public void aPassageThatOccursTwiceIsScoredOnce() throws Exception {
    String query = "what is the plan for the economy";
    List<String> passages = List.of("jobs and prices", "the budget", "jobs and prices", "taxes");
    try (LoadedModel model =
        LoadedModel.load(TinyModels.crossEncoder("tiny-cross-encoder", ModelEngine.ONNX_RUNTIME, 16))) {
      CrossEncoder crossEncoder = new CrossEncoder(model);
      long before = model.itemsProcessed();
      float[] scores = crossEncoder.score(query, passages);
      assertEquals("pairs run through the model", 3, model.itemsProcessed() - before);
      assertEquals(scores[0], scores[2], 0f);
      assertEquals(crossEncoder.score(query, List.of("taxes"))[0], scores[3], 1e-5f);
      assertEquals(crossEncoder.score(query, List.of("the budget"))[0], scores[1], 1e-5f);
    }
  }

  @Test
  public void aBatchOfMixedLengthsScoresLikeOnePairAtATime() throws Exception {
    List<String> passages = new ArrayList<>();
    String query = "what is the plan for the economy";
    for (JsonElement element : TinyModels.reference().getAsJsonArray("pairs")) {
      passages.add(element.getAsJsonObject().get("passage").getAsString());
    }
    assertTrue(passages.size() >= 8);
    for (ModelEngine engine : ModelEngine.values()) {
      try (LoadedModel model =
          LoadedModel.load(TinyModels.crossEncoder("tiny-cross-encoder", engine, 16))) {
        CrossEncoder crossEncoder = new CrossEncoder(model);
        float[] batched = crossEncoder.score(query, passages);
        for (int i = 0; i < passages.size(); i++) {
          float single = crossEncoder.score(query, List.of(passages.get(i)))[0];
          assertEquals(engine + " pair " + i, single, batched[i], 1e-5f);
        }
      }
    }
  }

  private static void checkAgainstReference(String folder, ModelEngine engine, String key)
      throws Exception {
    try (LoadedModel model = LoadedModel.load(TinyModels.crossEncoder(folder, engine, 5))) {
      CrossEncoder crossEncoder = new CrossEncoder(model);
      for (JsonElement element : TinyModels.reference().getAsJsonArray("pairs")) {
        JsonObject pair = element.getAsJsonObject();
        float[] scores =
            crossEncoder.score(
                pair.get("query").getAsString(), List.of(pair.get("passage").getAsString()));
        assertEquals(
            pair.get("query") + " / " + pair.get("passage"),
            pair.get(key).getAsFloat(),
            scores[0],
            TOLERANCE);
      }
    }
  }
}
