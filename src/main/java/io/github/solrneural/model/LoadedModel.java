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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
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
  private static final String ONEDNN_CACHE = "ONEDNN_PRIMITIVE_CACHE_CAPACITY";
  private static final AtomicBoolean ONEDNN_ADVICE_GIVEN = new AtomicBoolean();

  private final ModelSpec spec;
  private final ZooModel<PaddedBatch, ModelOutput> model;
  private final ModelTokenizer tokenizer;
  private final PredictorPool predictors;
  private final long loadMillis;
  private final int outputDimension;
  private final AtomicLong forwardPasses = new AtomicLong();
  private final AtomicLong itemsProcessed = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong rejections = new AtomicLong();
  private final BurstLog failureLog = new BurstLog(10_000);
  private final List<InferenceObserver> observers = new CopyOnWriteArrayList<>();
  private final String modelFileSha256;
  private final BurstLog rejectionLog = new BurstLog(10_000);

  private LoadedModel(
      ModelSpec spec,
      ZooModel<PaddedBatch, ModelOutput> model,
      ModelTokenizer tokenizer,
      long loadMillis)
      throws ModelLoadException {
    this.spec = spec;
    this.model = model;
    this.tokenizer = tokenizer;
    this.predictors =
        new PredictorPool(
            model,
            new InferenceGate(
                spec.modelFile().toString(),
                spec.maxConcurrentInferences(),
                spec.maxQueuedInferences(),
                spec.maxQueueWaitMillis()),
            spec.maxConcurrentInferences(),
            "neural-inference-" + spec.folder().getFileName());
    this.loadMillis = loadMillis;
    this.modelFileSha256 = sha256(spec.modelFile());
    try {
      this.outputDimension = probeOutputDimension();
    } catch (ModelLoadException e) {
      predictors.close(); // its thread; the caller closes the model and tokenizer
      throw e;
    }
  }

  private static String sha256(Path file) throws ModelLoadException {
    try (java.io.InputStream in = Files.newInputStream(file)) {
      java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int read; (read = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, read);
      }
      return java.util.HexFormat.of().formatHex(digest.digest());
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new ModelLoadException("cannot read model file " + file + ": " + e, e);
    }
  }

  /** Loads the folder named by the spec; every failure names the file at fault. */
  public static LoadedModel load(ModelSpec spec) throws ModelLoadException {
    if (!Files.isDirectory(spec.folder())) {
      throw new ModelLoadException(
          "model folder " + spec.folder() + " does not exist or is not a folder");
    }
    requireFile(spec.modelFile(), "model file");
    requireFile(spec.tokenizerFile(), "tokenizer file");
    adviseOnOneDnnCache(spec);
    long start = System.nanoTime();
    ModelTokenizer tokenizer;
    try {
      tokenizer =
          ModelTokenizer.load(
              spec.tokenizerFile(), spec.maxLength(), spec.effectiveMaxTokenizedChars());
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

  /**
   * PyTorch's oneDNN keeps compiled kernels per input shape (up to 1024 by default), and batches
   * padded to their own length seldom repeat a shape: the cache only grows resident memory (by
   * hundreds of MB under load, in the load test). Only the environment can size it.
   */
  private static void adviseOnOneDnnCache(ModelSpec spec) {
    if (spec.engine() == ModelEngine.PYTORCH
        && System.getenv(ONEDNN_CACHE) == null
        && System.getenv("DNNL_PRIMITIVE_CACHE_CAPACITY") == null
        && ONEDNN_ADVICE_GIVEN.compareAndSet(false, true)) {
      LOG.warn("PyTorch model {}: set the environment variable {}=0 for this JVM; oneDNN's"
          + " per-shape kernel cache grows resident memory under load and rarely hits here",
          spec.modelFile(), ONEDNN_CACHE);
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
   * Runs one forward pass; any failure of the engine becomes an {@link InferenceException}.
   *
   * @throws ModelBusyException when the model is saturated and refuses the pass; nothing ran
   */
  private ModelOutput run(PaddedBatch batch) {
    return runAll(List.of(batch), Budget.UNLIMITED).get(0);
  }

  /** One batch of a {@link #runInBatches} call: where its rows came from, the batch, its output. */
  record BatchOutput(int[] positions, PaddedBatch batch, ModelOutput output) {}

  /**
   * Cuts one request's sequences into batches of similar lengths within the spec's limits, each
   * padded to its longest member, and runs them (see {@link #runAll}).
   */
  List<BatchOutput> runInBatches(List<TokenSequence> sequences, Budget budget) {
    List<int[]> positions =
        LengthBatches.of(sequences, spec.batchSize(), spec.maxBatchTokens());
    List<PaddedBatch> batches = new ArrayList<>(positions.size());
    for (int[] rows : positions) {
      batches.add(PaddedBatch.of(LengthBatches.select(sequences, rows)));
    }
    List<ModelOutput> outputs = runAll(batches, budget);
    List<BatchOutput> results = new ArrayList<>(batches.size());
    for (int b = 0; b < batches.size(); b++) {
      results.add(new BatchOutput(positions.get(b), batches.get(b), outputs.get(b)));
    }
    return results;
  }

  /**
   * Runs the forward passes of one request side by side, costliest first, on as many of the
   * model's slots as are free (see {@link PredictorPool#runAll}): a lone request uses every pass the
   * model allows, while a busy server never runs more than {@code maxConcurrentInferences} at once.
   * The budget is checked before each pass starts and after the last ends. The outputs come back
   * in the batches' order.
   *
   * @throws ModelBusyException when the model is saturated and refuses the request; nothing ran
   * @throws BudgetExhaustedException when the budget runs out first
   */
  private List<ModelOutput> runAll(List<PaddedBatch> batches, Budget budget) {
    int[] costliestFirst =
        IntStream.range(0, batches.size())
            .boxed()
            .sorted(Comparator.comparingLong((Integer i) -> cost(batches.get(i))).reversed())
            .mapToInt(Integer::intValue)
            .toArray();
    List<ModelOutput> outputs;
    try {
      outputs = predictors.runAll(batches, costliestFirst, budget, passListener);
    } catch (ModelBusyException e) {
      rejections.incrementAndGet();
      rejectionLog.warn(LOG, "{} ({} refused in all)", e.getMessage(), rejections.get());
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InferenceException("interrupted while running " + spec.modelFile(), e);
    } catch (BudgetExhaustedException e) {
      throw e;
    } catch (TranslateException | RuntimeException e) {
      throw new InferenceException("inference failed in " + spec.modelFile() + ": " + e, e);
    }
    budget.check();
    return outputs;
  }

  private static long cost(PaddedBatch batch) {
    return (long) batch.size() * batch.width();
  }

  /** Counts, logs and reports each forward pass, on the thread that ran it. */
  private final PredictorPool.PassListener passListener =
      new PredictorPool.PassListener() {
        @Override
        public void finished(PaddedBatch batch, long nanos) {
          countPass(batch);
          for (InferenceObserver observer : observers) {
            observer.forwardPass(batch.size(), batch.truncatedCount(), nanos);
          }
        }

        @Override
        public void failed(PaddedBatch batch, Throwable failure) {
          countPass(batch);
          failures.incrementAndGet();
          observers.forEach(InferenceObserver::failure);
          failureLog.warn(LOG, "inference failed in {} ({} failures in all): {}",
              spec.modelFile(), failures.get(), failure.toString());
        }
      };

  /**
   * A forward pass ran but its output cannot be used (a logit or vector that is not a finite
   * number): counted and logged as a failed pass, and returned to throw.
   */
  InferenceException unusableOutput(String problem) {
    failures.incrementAndGet();
    observers.forEach(InferenceObserver::failure);
    String message = spec.kind().label() + " model " + spec.modelFile() + " " + problem;
    failureLog.warn(LOG, "inference failed in {} ({} failures in all): {}",
        spec.modelFile(), failures.get(), message);
    return new InferenceException(message, null);
  }

  private void countPass(PaddedBatch batch) {
    forwardPasses.incrementAndGet();
    itemsProcessed.addAndGet(batch.size());
  }

  /** Forward passes refused because the model was saturated (see {@link ModelBusyException}). */
  public long rejections() {
    return rejections.get();
  }

  /** Forward passes running now. */
  public int inferencesRunning() {
    return predictors.gate().running();
  }

  /** Forward passes waiting for a slot now. */
  public int inferencesQueued() {
    return predictors.gate().queued();
  }

  InferenceGate gate() {
    return predictors.gate();
  }

  /** Starts telling the observer about every forward pass. */
  public void addObserver(InferenceObserver observer) {
    observers.add(observer);
  }

  public void removeObserver(InferenceObserver observer) {
    observers.remove(observer);
  }

  /** Hex SHA-256 of the model file, read at load time: tells apart files of the same name. */
  public String modelFileSha256() {
    return modelFileSha256;
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

  @Override
  public void close() {
    predictors.close();
    model.close();
    tokenizer.close();
  }
}
