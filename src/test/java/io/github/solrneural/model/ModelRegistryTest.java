package io.github.solrneural.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

  /** Tiny real models; a registry of its own per test, so nothing leaks into the shared one. */
  private static final ModelSpec MEAN =
      TinyModels.embedder(ModelEngine.ONNX_RUNTIME, Pooling.MEAN, true);
  private static final ModelSpec CLS =
      TinyModels.embedder(ModelEngine.ONNX_RUNTIME, Pooling.CLS, true);
  private static final long PATIENCE_SECONDS = 20;

  private final Map<ModelSpec, AtomicInteger> loads = new ConcurrentHashMap<>();

  private LoadedModel countedLoad(ModelSpec spec) throws ModelLoadException {
    loads.computeIfAbsent(spec, s -> new AtomicInteger()).incrementAndGet();
    return LoadedModel.load(spec);
  }

  private static void await(CountDownLatch latch, String what) throws ModelLoadException {
    try {
      if (!latch.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
        throw new ModelLoadException(what + " within " + PATIENCE_SECONDS + " s", null);
      }
    } catch (InterruptedException e) {
      throw new ModelLoadException("interrupted", e);
    }
  }

  @Test
  public void differentSpecsLoadSideBySide() throws Exception {
    CountDownLatch meanStarted = new CountDownLatch(1);
    CountDownLatch clsStarted = new CountDownLatch(1);
    ModelRegistry registry =
        new ModelRegistry(
            spec -> {
              if (spec.equals(MEAN)) {
                meanStarted.countDown();
                // Finishes only once the other spec's load has begun meanwhile.
                await(clsStarted, "the cls model's load did not start while the mean one loaded");
              } else {
                clsStarted.countDown();
              }
              return countedLoad(spec);
            });
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<LoadedModel> mean = threads.submit(() -> registry.acquire(MEAN));
      await(meanStarted, "the mean model's load did not start");
      Future<LoadedModel> cls = threads.submit(() -> registry.acquire(CLS));
      assertNotSame(mean.get(60, TimeUnit.SECONDS), cls.get(60, TimeUnit.SECONDS));
      assertEquals(Set.of(MEAN, CLS), registry.loaded());
    } finally {
      threads.shutdownNow();
      registry.release(MEAN);
      registry.release(CLS);
    }
  }

  @Test
  public void twoAcquirersOfOneSpecShareOneLoad() throws Exception {
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    ModelRegistry registry =
        new ModelRegistry(
            spec -> {
              loading.countDown();
              await(finish, "the test did not let the load finish");
              return countedLoad(spec);
            });
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<LoadedModel> first = threads.submit(() -> registry.acquire(MEAN));
      await(loading, "the load did not start");
      Future<LoadedModel> second = threads.submit(() -> registry.acquire(MEAN));
      // The second acquirer holds its reference while it waits for the first one's load.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
      while (registry.referenceCount(MEAN) < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals("acquirers while the model loads", 2, registry.referenceCount(MEAN));
      assertEquals("loaded() lists only models that finished loading", Set.of(), registry.loaded());
      finish.countDown();
      assertSame(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS));
      assertEquals(1, loads.get(MEAN).get());
    } finally {
      finish.countDown();
      threads.shutdownNow();
      registry.release(MEAN);
      registry.release(MEAN);
    }
    assertEquals(0, registry.referenceCount(MEAN));
  }

  @Test
  public void aFailedLoadIsForgottenAndTheNextAcquireLoadsAgain() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    ModelRegistry registry =
        new ModelRegistry(
            spec -> {
              if (attempts.incrementAndGet() == 1) {
                throw new ModelLoadException("model file " + spec.modelFile() + " is broken", null);
              }
              return countedLoad(spec);
            });
    ModelLoadException error = assertThrows(ModelLoadException.class, () -> registry.acquire(MEAN));
    assertTrue(error.getMessage(), error.getMessage().contains("is broken"));
    assertEquals(0, registry.referenceCount(MEAN));
    assertEquals(Set.of(), registry.loaded());
    LoadedModel model = registry.acquire(MEAN);
    try {
      assertEquals(2, attempts.get());
      assertEquals(1, registry.referenceCount(MEAN));
      assertEquals(Set.of(MEAN), registry.loaded());
      assertEquals(MEAN, model.spec());
    } finally {
      registry.release(MEAN);
    }
    assertEquals(0, registry.referenceCount(MEAN));
  }

  @Test
  public void aReleaseBeyondTheAcquiresIsIgnored() throws Exception {
    ModelRegistry registry = new ModelRegistry(this::countedLoad);
    registry.release(MEAN); // nothing held: nothing happens
    LoadedModel model = registry.acquire(MEAN);
    registry.release(MEAN);
    registry.release(MEAN);
    assertEquals(0, registry.referenceCount(MEAN));
    assertNotSame(model, registry.acquire(MEAN));
    registry.release(MEAN);
  }

  @Test
  public void racingAcquiresAndReleasesCountRightAndCloseEveryModelOnItsLastRelease()
      throws Exception {
    List<LoadedModel> loaded = new CopyOnWriteArrayList<>();
    ModelRegistry registry =
        new ModelRegistry(
            spec -> {
              LoadedModel model = countedLoad(spec);
              loaded.add(model);
              return model;
            });
    int threadCount = 4;
    ExecutorService threads = Executors.newFixedThreadPool(threadCount);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> workers = new ArrayList<>();
    try {
      for (int t = 0; t < threadCount; t++) {
        ModelSpec spec = t % 2 == 0 ? MEAN : CLS;
        workers.add(
            threads.submit(
                () -> {
                  await(start, "the start");
                  for (int i = 0; i < 15; i++) {
                    LoadedModel model = registry.acquire(spec);
                    assertEquals(spec, model.spec());
                    assertTrue(registry.referenceCount(spec) >= 1);
                    model.tokenizer().encode("held, so open"); // throws if it was closed
                    registry.release(spec);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> worker : workers) {
        worker.get(120, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertEquals(0, registry.referenceCount(MEAN));
    assertEquals(0, registry.referenceCount(CLS));
    assertEquals(Set.of(), registry.loaded());
    assertEquals(loads.get(MEAN).get() + loads.get(CLS).get(), loaded.size());
    for (LoadedModel model : loaded) {
      assertThrows("closed on its last release", RuntimeException.class,
          () -> model.tokenizer().encode("released"));
    }
  }
}
