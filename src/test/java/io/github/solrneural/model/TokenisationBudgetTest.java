package io.github.solrneural.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.AbstractList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

/**
 * Tokenisation counts against the rerank's budget: with a budget that runs out after a few checks,
 * the cross-encoder stops reading (and tokenising) passages, instead of tokenising them all and
 * finding out before the first forward pass.
 */
public class TokenisationBudgetTest {
  private static final int PASSAGES = 200;

  /** Distinct passages, counting how many were read. */
  private static final class CountedPassages extends AbstractList<String> {
    final AtomicInteger read = new AtomicInteger();

    @Override
    public String get(int index) {
      read.incrementAndGet();
      return "the plan for the economy, part " + index;
    }

    @Override
    public int size() {
      return PASSAGES;
    }
  }

  /** Spent once it has been asked {@code checks} times. */
  private static Budget spentAfter(int checks) {
    AtomicInteger asked = new AtomicInteger();
    return () -> asked.incrementAndGet() > checks ? 0 : Long.MAX_VALUE;
  }

  @Test
  public void aBudgetThatRunsOutWhileTokenisingStopsTheReading() throws Exception {
    try (LoadedModel model =
        LoadedModel.load(
            TinyModels.crossEncoder("tiny-cross-encoder", ModelEngine.ONNX_RUNTIME, 4))) {
      CrossEncoder crossEncoder = new CrossEncoder(model);
      long passes = model.forwardPasses();
      CountedPassages passages = new CountedPassages();
      assertThrows(
          BudgetExhaustedException.class,
          () -> crossEncoder.score("what is the plan", passages, spentAfter(10)));
      assertEquals("no forward pass ran", passes, model.forwardPasses());
      // A passage is read a few times (to look it up, to tokenise it): those of ten checks at most.
      assertTrue(passages.read.get() + " reads", passages.read.get() <= 3 * 10);
    }
  }
}
