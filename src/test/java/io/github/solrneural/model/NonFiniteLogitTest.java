package io.github.solrneural.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

/**
 * A logit that is not a finite number is a failure of the model, counted as one, never a score
 * that sorts first: a tiny cross-encoder whose logit is NaN for pairs holding "inflation" and
 * +Inf for pairs holding "tax" (made by src/test/python/make_nonfinite_model.py).
 */
public class NonFiniteLogitTest {
  private static final String QUERY = "what is the plan for the economy";

  private static LoadedModel load() throws Exception {
    return LoadedModel.load(
        TinyModels.crossEncoder("nonfinite-cross-encoder", ModelEngine.ONNX_RUNTIME, 4));
  }

  @Test
  public void aNanOrInfiniteLogitFailsTheCallAndIsCounted() throws Exception {
    try (LoadedModel model = load()) {
      CrossEncoder crossEncoder = new CrossEncoder(model);
      float[] finite = crossEncoder.score(QUERY, List.of("jobs and prices", "the budget"));
      assertTrue(Float.isFinite(finite[0]) && Float.isFinite(finite[1]));
      assertEquals(0, model.failures());
      for (String passage : List.of("inflation is high", "the tax plan")) {
        InferenceException error =
            assertThrows(
                InferenceException.class,
                () -> crossEncoder.score(QUERY, List.of("jobs and prices", passage)));
        assertTrue(error.getMessage(), error.getMessage().contains("returned a logit of"));
        assertTrue(error.getMessage(), error.getMessage().contains(model.spec().modelFile().toString()));
      }
      assertEquals(2, model.failures());
      InferenceException pairs =
          assertThrows(InferenceException.class,
              () -> crossEncoder.scorePairs(List.of(QUERY), List.of("inflation")));
      assertTrue(pairs.getMessage(), pairs.getMessage().contains("NaN"));
      assertEquals(3, model.failures());
    }
  }
}
