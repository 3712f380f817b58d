package io.github.solrneural.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.Test;

/**
 * Saturation of one model's predictor pool, on the tiny embedder: the test holds the model's only
 * inference slot itself, so who waits and who is refused does not depend on timing.
 */
public class PredictorPoolTest {
  private static final String TEXT = "the plan for the economy";

  private static LoadedModel load(int maxQueued, long maxWaitMillis) throws Exception {
    ModelSpec tiny = TinyModels.embedder(ModelEngine.ONNX_RUNTIME, Pooling.MEAN, true);
    return LoadedModel.load(
        ModelSpec.builder(tiny.folder(), tiny.engine(), tiny.kind())
            .maxLength(tiny.maxLength())
            .pooling(tiny.pooling())
            .normalize(tiny.normalize())
            .batchSize(tiny.batchSize())
            .maxConcurrentInferences(1)
            .maxQueuedInferences(maxQueued)
            .maxQueueWaitMillis(maxWaitMillis)
            .build());
  }

  /** Waits (without a time assertion; the surefire run bounds it) until the queue holds n. */
  private static void awaitQueued(LoadedModel model, int n) throws InterruptedException {
    while (model.inferencesQueued() != n) {
      Thread.sleep(1);
    }
  }

  @Test(timeout = 60_000)
  public void beyondTheQueueBoundAnInferenceIsRefusedAtOnceAndTheQueuedOneRunsLater()
      throws Exception {
    ExecutorService threads = Executors.newSingleThreadExecutor();
    try (LoadedModel model = load(1, ModelSpec.NO_WAIT_LIMIT)) {
      Embedder embedder = new Embedder(model);
      float[] expected = embedder.embed(TEXT).vector();
      long passes = model.forwardPasses();

      model.gate().enter(); // the only slot is taken
      assertEquals(1, model.inferencesRunning());
      CountDownLatch submitted = new CountDownLatch(1);
      Future<float[]> queued =
          threads.submit(
              () -> {
                submitted.countDown();
                return embedder.embed(TEXT).vector();
              });
      submitted.await();
      awaitQueued(model, 1);

      ModelBusyException refused =
          assertThrows(ModelBusyException.class, () -> embedder.embed(TEXT));
      assertTrue(refused.reason(), refused.reason().contains("maxQueuedInferences=1"));
      assertTrue(refused.getMessage(), refused.getMessage().contains(model.spec().folder().toString()));
      assertEquals(1, model.rejections());
      assertEquals("a refused inference is not a failure", 0, model.failures());
      assertEquals("the queued one is still waiting", 1, model.inferencesQueued());

      model.gate().exit();
      assertArrayEquals(expected, queued.get(), 0f);
      assertEquals(0, model.inferencesQueued());
      assertEquals(0, model.inferencesRunning());
      assertEquals("the refused pass never ran", passes + 1, model.forwardPasses());

      assertArrayEquals(expected, embedder.embed(TEXT).vector(), 0f);
      assertEquals(1, model.rejections());
    } finally {
      threads.shutdownNow();
    }
  }

  @Test(timeout = 60_000)
  public void withNoQueueAnInferenceIsRefusedWheneverTheSlotsAreInUse() throws Exception {
    try (LoadedModel model = load(0, ModelSpec.NO_WAIT_LIMIT)) {
      Embedder embedder = new Embedder(model);
      model.gate().enter();
      try {
        assertThrows(ModelBusyException.class, () -> embedder.embed(TEXT));
        assertThrows(ModelBusyException.class, () -> embedder.embedAll(java.util.List.of(TEXT)));
        assertEquals(2, model.rejections());
        assertEquals(0, model.inferencesQueued());
      } finally {
        model.gate().exit();
      }
      assertEquals(model.outputDimension(), embedder.embed(TEXT).vector().length);
    }
  }

  @Test(timeout = 60_000)
  public void aQueuedInferenceGivesUpAfterTheWaitLimit() throws Exception {
    try (LoadedModel model = load(4, 20)) {
      Embedder embedder = new Embedder(model);
      model.gate().enter();
      try {
        ModelBusyException refused =
            assertThrows(ModelBusyException.class, () -> embedder.embed(TEXT));
        assertTrue(refused.reason(), refused.reason().contains("maxQueueWaitMillis=20"));
        assertEquals(1, model.rejections());
        assertEquals("it left the queue", 0, model.inferencesQueued());
      } finally {
        model.gate().exit();
      }
      embedder.embed(TEXT);
      assertEquals(1, model.rejections());
    }
  }

  @Test(timeout = 60_000)
  public void aRequestsBatchesShareTheFreeSlotsAndNeverQueueBehindEachOther() throws Exception {
    ModelSpec tiny = TinyModels.embedder(ModelEngine.ONNX_RUNTIME, Pooling.MEAN, true);
    String prefix = "neural-inference-" + tiny.folder().getFileName() + "-";
    // Two slots and no queue: a request of six batches must not be refused by its own passes.
    try (LoadedModel model =
        LoadedModel.load(
            ModelSpec.builder(tiny.folder(), tiny.engine(), tiny.kind())
                .maxLength(tiny.maxLength())
                .pooling(tiny.pooling())
                .normalize(tiny.normalize())
                .batchSize(2)
                .maxConcurrentInferences(2)
                .maxQueuedInferences(0)
                .maxQueueWaitMillis(ModelSpec.NO_WAIT_LIMIT)
                .build())) {
      java.util.Set<String> passThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
      model.addObserver(
          new InferenceObserver() {
            @Override
            public void forwardPass(int items, int truncatedItems, long nanos) {
              passThreads.add(Thread.currentThread().getName());
            }

            @Override
            public void failure() {}
          });
      Embedder embedder = new Embedder(model);
      java.util.List<String> texts = new java.util.ArrayList<>();
      for (int i = 0; i < 12; i++) {
        texts.add((TEXT + " ").repeat(1 + i % 4) + i);
      }
      long passes = model.forwardPasses();
      java.util.List<Embedding> together = embedder.embedAll(texts);
      assertEquals("12 texts in batches of 2", passes + 6, model.forwardPasses());
      assertEquals(0, model.rejections());
      for (String thread : passThreads) {
        assertTrue(thread, thread.startsWith(prefix));
      }
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(texts.get(i), embedder.embed(texts.get(i)).vector(),
            together.get(i).vector(), 1e-5f);
      }

      model.gate().enter(); // another request holds one slot: this one runs on the other
      try {
        java.util.List<Embedding> again = embedder.embedAll(texts);
        assertEquals(0, model.rejections());
        for (int i = 0; i < texts.size(); i++) {
          assertArrayEquals(together.get(i).vector(), again.get(i).vector(), 0f);
        }
      } finally {
        model.gate().exit();
      }
      assertEquals(0, model.inferencesRunning());
    }
  }

  @Test(timeout = 60_000)
  public void passesRunOnTheModelsOwnThreadsWhicheverThreadAsks() throws Exception {
    ModelSpec tiny = TinyModels.embedder(ModelEngine.ONNX_RUNTIME, Pooling.MEAN, true);
    String prefix = "neural-inference-" + tiny.folder().getFileName() + "-";
    while (liveThreads(prefix) > 0) { // those of the models of other tests, closed already
      Thread.sleep(1);
    }
    LoadedModel model =
        LoadedModel.load(
            ModelSpec.builder(tiny.folder(), tiny.engine(), tiny.kind())
                .maxLength(tiny.maxLength())
                .pooling(tiny.pooling())
                .normalize(tiny.normalize())
                .batchSize(tiny.batchSize())
                .maxConcurrentInferences(2)
                .maxQueuedInferences(20)
                .maxQueueWaitMillis(ModelSpec.NO_WAIT_LIMIT)
                .build());
    try {
      Embedder embedder = new Embedder(model);
      java.util.Set<String> callers = java.util.concurrent.ConcurrentHashMap.newKeySet();
      for (int round = 0; round < 5; round++) {
        ExecutorService fresh = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
          fresh.submit(() -> {
            callers.add(Thread.currentThread().getName());
            return embedder.embed(TEXT);
          });
        }
        fresh.shutdown();
        assertTrue(fresh.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS));
      }
      assertEquals(20, callers.size());
      long inferenceThreads = liveThreads(prefix);
      assertTrue("at most maxConcurrentInferences threads: " + inferenceThreads,
          inferenceThreads >= 1 && inferenceThreads <= 2);
    } finally {
      model.close();
    }
    while (liveThreads(prefix) > 0) { // they end once closed
      Thread.sleep(1);
    }
  }

  private static long liveThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.isAlive() && thread.getName().startsWith(prefix))
        .count();
  }

  @Test
  public void queueSettingsAreValidated() {
    ModelSpec tiny = TinyModels.embedder(ModelEngine.ONNX_RUNTIME, Pooling.MEAN, true);
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class,
            () -> ModelSpec.builder(tiny.folder(), tiny.engine(), tiny.kind())
                .maxLength(24)
                .pooling(Pooling.MEAN)
                .normalize(true)
                .batchSize(4)
                .maxConcurrentInferences(1)
                .maxQueuedInferences(-1)
                .maxQueueWaitMillis(ModelSpec.NO_WAIT_LIMIT)
                .build());
    assertTrue(error.getMessage(), error.getMessage().contains("maxQueuedInferences"));
    error =
        assertThrows(IllegalArgumentException.class,
            () -> ModelSpec.builder(tiny.folder(), tiny.engine(), tiny.kind())
                .maxLength(24)
                .pooling(Pooling.MEAN)
                .normalize(true)
                .batchSize(4)
                .maxConcurrentInferences(1)
                .maxQueuedInferences(0)
                .maxQueueWaitMillis(-5)
                .build());
    assertTrue(error.getMessage(), error.getMessage().contains("maxQueueWaitMillis"));
    assertEquals("default queue: 8 per concurrent inference", 16,
        ModelSpec.builder(tiny.folder(), tiny.engine(), tiny.kind())
            .maxLength(24)
            .pooling(Pooling.MEAN)
            .normalize(true)
            .batchSize(4)
            .maxConcurrentInferences(2)
            .build()
            .maxQueuedInferences());
  }
}
