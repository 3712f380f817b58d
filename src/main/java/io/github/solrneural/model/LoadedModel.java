package io.github.solrneural.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model folder loaded through DJL: the model, its tokenizer and its predictors. Knows nothing of
 * Solr. Created and closed by {@link ModelRegistry}.
 */
public final class LoadedModel implements AutoCloseable {
  static final String PYTORCH_THREADS = "ai.djl.pytorch.num_threads";
  static final String PYTORCH_INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

  static {
    // TorchScript's profiling executor re-optimises for every new input shape; with batches padded
    // to their own length, shapes vary on every call, so it only costs time. A user may override.
    if (System.getProperty("ai.djl.pytorch.graph_optimizer") == null) {
      System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
    }
    // PyTorch's threads are per JVM, set once when the engine starts: as many per forward pass as
    // an ONNX Runtime model gets by default, and one inter-op thread, since a traced encoder never
    // forks. A user may override either.
    if (System.getProperty(PYTORCH_THREADS) == null) {
      System.setProperty(PYTORCH_THREADS, Integer.toString(ModelSpec.defaultThreadsPerInference()));
    }
    if (System.getProperty(PYTORCH_INTEROP_THREADS) == null) {
      System.setProperty(PYTORCH_INTEROP_THREADS, "1");
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(LoadedModel.class);

  private final ModelSpec spec;
  private final ZooModel<PaddedBatch, ModelOutput> model;
  private final ModelTokenizer tokenizer;
  private final PredictorPool predictors;
  /** Run the other forward passes of a request beside its own thread; the permits bound them all. */
  private final ExecutorService helperThreads;
  private final long loadMillis;
  private final int outputDimension;
  private final AtomicLong forwardPasses = new AtomicLong();
  private final AtomicLong itemsProcessed = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final BurstLog failureLog = new BurstLog(10_000);

  private LoadedModel(
      ModelSpec spec,
      ZooModel<PaddedBatch, ModelOutput> model,
      ModelTokenizer tokenizer,
      long loadMillis)
      throws ModelLoadException {
    this.spec = spec;
    this.model = model;
    this.tokenizer = tokenizer;
    this.predictors = new PredictorPool(model, spec.maxConcurrentInferences());
    this.helperThreads = helperThreads(spec);
    this.loadMillis = loadMillis;
    this.outputDimension = probeOutputDimension();
  }

  /** Loads the folder named by the spec; every failure names the file at fault. */
  public static LoadedModel load(ModelSpec spec) throws ModelLoadException {
    requireFile(spec.modelFile(), "model file");
    requireFile(spec.tokenizerFile(), "tokenizer file");
    long start = System.nanoTime();
    ModelTokenizer tokenizer;
    try {
      tokenizer = ModelTokenizer.load(spec.tokenizerFile(), spec.maxLength());
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException(
          "cannot read tokenizer file " + spec.tokenizerFile() + ": " + e.getMessage(), e);
    }
    ZooModel<PaddedBatch, ModelOutput> model = null;
    try {
      Criteria<PaddedBatch, ModelOutput> criteria =
          Criteria.builder()
              .setTypes(PaddedBatch.class, ModelOutput.class)
              .optModelPath(spec.folder())
              .optModelName(modelName(spec))
              .optEngine(spec.engine().djlName())
              .optDevice(Device.cpu())
              .optOptions(engineOptions(spec))
              .optTranslator(
                  new BatchTranslator(
                      configuredInputs(spec.configFile()),
                      spec.engine() == ModelEngine.ONNX_RUNTIME))
              .build();
      model = criteria.loadModel();
      long loadMillis = (System.nanoTime() - start) / 1_000_000;
      return new LoadedModel(spec, model, tokenizer, loadMillis);
    } catch (IOException
        | ModelNotFoundException
        | MalformedModelException
        | RuntimeException
        | UnsatisfiedLinkError e) {
      tokenizer.close();
      if (model != null) {
        model.close();
      }
      throw new ModelLoadException(
          "cannot load model file " + spec.modelFile() + " with engine " + spec.engine().djlName()
              + ": " + e,
          e);
    } catch (ModelLoadException e) {
      tokenizer.close();
      model.close();
      throw e;
    }
  }

  private static String modelName(ModelSpec spec) {
    String file = spec.modelFileName();
    return file.substring(0, file.lastIndexOf('.'));
  }

  /**
   * ONNX Runtime session threads, per model: intra-op threads as the spec resolves them, and one
   * inter-op thread, since the session runs its graph sequentially (inter-op threads only serve
   * the parallel execution mode).
   */
  static Map<String, String> engineOptions(ModelSpec spec) {
    if (spec.engine() != ModelEngine.ONNX_RUNTIME) {
      return Map.of();
    }
    return Map.of(
        "intraOpNumThreads", Integer.toString(spec.effectiveIntraOpThreads()),
        "interOpNumThreads", "1");
  }

  private static void requireFile(Path file, String what) throws ModelLoadException {
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException(what + " " + file + " does not exist or is not a file");
    }
  }

  /** Reads the optional input list from config.json ({"inputs": {...}} or {"inputs": [...]}). */
  static List<ModelInput> configuredInputs(Path configFile) throws ModelLoadException {
    if (!Files.isRegularFile(configFile)) {
      return List.of();
    }
    try (Reader reader = Files.newBufferedReader(configFile)) {
      JsonElement root = JsonParser.parseReader(reader);
      if (!root.isJsonObject() || !root.getAsJsonObject().has("inputs")) {
        return List.of();
      }
      JsonElement inputs = root.getAsJsonObject().get("inputs");
      List<ModelInput> names = new ArrayList<>();
      if (inputs.isJsonObject()) {
        for (Map.Entry<String, JsonElement> entry : ((JsonObject) inputs).entrySet()) {
          names.add(ModelInput.byName(entry.getKey()));
        }
      } else {
        for (JsonElement name : inputs.getAsJsonArray()) {
          names.add(ModelInput.byName(name.getAsString()));
        }
      }
      return names;
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException("cannot read config file " + configFile + ": " + e.getMessage(), e);
    }
  }

  /** Runs a tiny input once: proves the model runs and learns its output width. */
  private int probeOutputDimension() throws ModelLoadException {
    TokenSequence probe =
        spec.kind() == ModelKind.EMBEDDING
            ? tokenizer.encode("probe")
            : tokenizer.encodePair("probe", "probe");
    try {
      ModelOutput output = run(PaddedBatch.of(List.of(probe)));
      long[] shape = output.shape();
      return (int) shape[shape.length - 1];
    } catch (RuntimeException e) {
      throw new ModelLoadException(
          "model file " + spec.modelFile() + " failed on a probe input: " + e.getMessage(), e);
    }
  }

  /**
   * Runs the forward passes of one request, up to {@code maxConcurrentInferences} at once, costliest
   * first: the calling thread works through them with the model's helper threads, so a lone
   * request uses every pass the model allows while a busy server never runs more than that. The
   * outputs come back in the batches' order.
   */
  List<ModelOutput> runAll(List<PaddedBatch> batches) {
    int count = batches.size();
    Integer[] costliestFirst = new Integer[count];
    for (int i = 0; i < count; i++) {
      costliestFirst[i] = i;
    }
    java.util.Arrays.sort(costliestFirst, java.util.Comparator.comparingLong(
        (Integer i) -> (long) batches.get(i).size() * batches.get(i).width()).reversed());
    ModelOutput[] outputs = new ModelOutput[count];
    AtomicInteger next = new AtomicInteger();
    Runnable worker = () -> {
      for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
        outputs[costliestFirst[i]] = run(batches.get(costliestFirst[i]));
      }
    };
    int helpers = Math.min(count, spec.maxConcurrentInferences()) - 1;
    List<Future<?>> helping = new ArrayList<>(Math.max(0, helpers));
    for (int h = 0; h < helpers; h++) {
      helping.add(helperThreads.submit(worker));
    }
    worker.run();
    for (Future<?> helper : helping) {
      try {
        helper.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InferenceException("interrupted while running " + spec.modelFile(), e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof InferenceException
            ? (InferenceException) e.getCause()
            : new InferenceException("inference failed in " + spec.modelFile(), e.getCause());
      }
    }
    return java.util.Arrays.asList(outputs);
  }

  /** Runs one forward pass; any failure of the engine becomes an {@link InferenceException}. */
  ModelOutput run(PaddedBatch batch) {
    forwardPasses.incrementAndGet();
    itemsProcessed.addAndGet(batch.size());
    try {
      return predictors.predict(batch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InferenceException("interrupted while running " + spec.modelFile(), e);
    } catch (TranslateException | RuntimeException e) {
      failures.incrementAndGet();
      failureLog.warn(LOG, "inference failed in {} ({} failures in all): {}", spec.modelFile(),
          failures.get(), e.toString());
      throw new InferenceException("inference failed in " + spec.modelFile() + ": " + e, e);
    }
  }

  /** Forward passes that failed since loading. */
  public long failures() {
    return failures.get();
  }

  /** Texts or pairs run through the model since loading, the load-time probe included. */
  public long itemsProcessed() {
    return itemsProcessed.get();
  }

  /** Forward passes run since loading, the load-time probe included. */
  public long forwardPasses() {
    return forwardPasses.get();
  }

  public ModelSpec spec() {
    return spec;
  }

  public ModelTokenizer tokenizer() {
    return tokenizer;
  }

  public long loadMillis() {
    return loadMillis;
  }

  /** Width of the last output axis: the embedding dimension, or 1 for a single-logit scorer. */
  public int outputDimension() {
    return outputDimension;
  }

  private static ExecutorService helperThreads(ModelSpec spec) {
    AtomicInteger number = new AtomicInteger();
    String name = "neural-inference-" + spec.folder().getFileName() + "-";
    return Executors.newFixedThreadPool(
        Math.max(1, spec.maxConcurrentInferences() - 1),
        task -> {
          Thread thread = new Thread(task, name + number.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  @Override
  public void close() {
    helperThreads.shutdownNow();
    predictors.close();
    model.close();
    tokenizer.close();
  }
}
