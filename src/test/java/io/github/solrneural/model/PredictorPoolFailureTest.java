package io.github.solrneural.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Whatever is thrown while a request runs its forward passes, every inference slot it took is
 * given back, and no failure is dropped: the tiny embedder's pool, with a gate of two slots.
 */
public class PredictorPoolFailureTest {
  private static ZooModel<PaddedBatch, ModelOutput> model;
  private static List<PaddedBatch> twoBatches;

  @BeforeClass
  public static void load() throws Exception {
    ModelSpec tiny = TinyModels.embedder(ModelEngine.ONNX_RUNTIME, Pooling.MEAN, true);
    model =
        Criteria.builder()
            .setTypes(PaddedBatch.class, ModelOutput.class)
            .optModelPath(tiny.folder())
            .optModelName("model")
            .optEngine(tiny.engine().djlName())
            .optTranslator(
                new BatchTranslator(ModelLoader.configuredInputs(tiny.configFile()), true,
                    tiny.kind(), tiny.pooling()))
            .build()
            .loadModel();
    try (ModelTokenizer tokenizer = ModelTokenizer.load(tiny.tokenizerFile(), tiny.maxLength())) {
      twoBatches =
          List.of(
              PaddedBatch.of(List.of(tokenizer.encode("the plan for the economy")), 0),
              PaddedBatch.of(List.of(tokenizer.encode("jobs and prices")), 0));
    }
  }

  @AfterClass
  public static void close() {
    model.close();
  }

  private static final PredictorPool.PassListener SILENT =
      new PredictorPool.PassListener() {
        @Override
        public void finished(PaddedBatch batch, long nanos) {}

        @Override
        public void failed(PaddedBatch batch, Throwable failure) {}
      };

  private static void assertBothSlotsFree(InferenceGate gate) {
    assertEquals(0, gate.running());
    assertTrue(gate.tryEnterUncontended());
    assertTrue("no slot was kept", gate.tryEnterUncontended());
    gate.exit();
    gate.exit();
  }

  @Test(timeout = 60_000)
  public void aSlotWhoseThreadCannotStartIsGivenBackAndTheOtherRunsEveryPass() throws Exception {
    InferenceGate gate = new InferenceGate("tiny", 2, 0, ModelSpec.NO_WAIT_LIMIT);
    AtomicInteger made = new AtomicInteger();
    ThreadFactory oneThreadOnly =
        runnable -> {
          if (made.incrementAndGet() > 1) {
            throw new OutOfMemoryError("unable to create native thread (test)");
          }
          Thread thread = new Thread(runnable, "test-inference");
          thread.setDaemon(true);
          return thread;
        };
    try (PredictorPool pool = new PredictorPool(model, gate, 2, oneThreadOnly)) {
      List<ModelOutput> outputs =
          pool.runAll(twoBatches, new int[] {0, 1}, Budget.UNLIMITED, SILENT);
      assertNotNull(outputs.get(0));
      assertNotNull(outputs.get(1));
      assertEquals("the second slot was asked for", 2, made.get());
      assertBothSlotsFree(gate);
    }
  }

  @Test(timeout = 60_000)
  public void anUndeclaredCheckedExceptionFailsTheCallAndGivesTheSlotsBack() throws Exception {
    InferenceGate gate = new InferenceGate("tiny", 2, 0, ModelSpec.NO_WAIT_LIMIT);
    PredictorPool.PassListener throwing =
        new PredictorPool.PassListener() {
          @Override
          public void finished(PaddedBatch batch, long nanos) {
            PredictorPoolFailureTest.<RuntimeException>sneakyThrow(
                new Exception("checked, undeclared (test)"));
          }

          @Override
          public void failed(PaddedBatch batch, Throwable failure) {}
        };
    try (PredictorPool pool = new PredictorPool(model, gate, 2, "test-inference")) {
      InferenceException error =
          assertThrows(
              InferenceException.class,
              () -> pool.runAll(twoBatches, new int[] {0, 1}, Budget.UNLIMITED, throwing));
      assertTrue(error.getMessage(), error.getMessage().contains("checked, undeclared (test)"));
      assertBothSlotsFree(gate);
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneakyThrow(Throwable e) throws E {
    throw (E) e;
  }
}
