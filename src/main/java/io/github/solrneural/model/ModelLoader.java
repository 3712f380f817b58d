package io.github.solrneural.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a model folder: checks its files, opens the tokenizer, loads the model through DJL, hashes
 * the model file and runs a probe input of {@code maxLength} tokens that proves the model runs at
 * the declared length and gives its output width ({@link LengthProbe}).
 * Every failure names the file at fault and leaves nothing open.
 */
final class ModelLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);
  private static final String ONEDNN_CACHE = "ONEDNN_PRIMITIVE_CACHE_CAPACITY";
  private static final AtomicBoolean ONEDNN_ADVICE_GIVEN = new AtomicBoolean();

  private ModelLoader() {}

  static LoadedModel load(ModelSpec spec) throws ModelLoadException {
    if (!Files.isDirectory(spec.folder())) {
      throw new ModelLoadException(
          "model folder " + spec.folder() + " does not exist or is not a folder");
    }
    requireFile(spec.modelFile(), "model file");
    requireFile(spec.tokenizerFile(), "tokenizer file");
    EngineDefaults.apply();
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
    BatchRunner runner = null;
    try {
      model = criteria(spec).loadModel();
      long loadMillis = (System.nanoTime() - start) / 1_000_000;
      InferenceStats stats = new InferenceStats(spec);
      runner = new BatchRunner(spec, predictors(spec, model), stats, tokenizer.padId());
      String sha256 = sha256(spec.modelFile());
      int outputDimension = LengthProbe.outputDimension(spec, tokenizer, runner);
      return new LoadedModel(
          spec, model, tokenizer, runner, stats, loadMillis, sha256, outputDimension);
    } catch (IOException
        | ModelNotFoundException
        | MalformedModelException
        | RuntimeException
        | UnsatisfiedLinkError e) {
      close(tokenizer, model, runner);
      throw new ModelLoadException(
          "cannot load model file " + spec.modelFile() + " with engine " + spec.engine().djlName()
              + ": " + e,
          e);
    } catch (ModelLoadException e) {
      close(tokenizer, model, runner);
      throw e;
    }
  }

  private static void close(
      ModelTokenizer tokenizer, ZooModel<PaddedBatch, ModelOutput> model, BatchRunner runner) {
    if (runner != null) {
      runner.close(); // its threads
    }
    if (model != null) {
      model.close();
    }
    tokenizer.close();
  }

  private static Criteria<PaddedBatch, ModelOutput> criteria(ModelSpec spec)
      throws ModelLoadException {
    return Criteria.builder()
        .setTypes(PaddedBatch.class, ModelOutput.class)
        .optModelPath(spec.folder())
        .optModelName(modelName(spec))
        .optEngine(spec.engine().djlName())
        .optDevice(Device.cpu())
        .optOptions(engineOptions(spec))
        .optTranslator(
            new BatchTranslator(
                configuredInputs(spec.configFile()), spec.engine() == ModelEngine.ONNX_RUNTIME,
                spec.kind(), spec.pooling()))
        .build();
  }

  private static PredictorPool predictors(
      ModelSpec spec, ZooModel<PaddedBatch, ModelOutput> model) {
    return new PredictorPool(
        model,
        new InferenceGate(
            spec.modelFile().toString(),
            spec.maxConcurrentInferences(),
            spec.maxQueuedInferences(),
            spec.maxQueueWaitMillis()),
        spec.maxConcurrentInferences(),
        "neural-inference-" + spec.folder().getFileName());
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

  private static String sha256(Path file) throws ModelLoadException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int read; (read = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, read);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new ModelLoadException("cannot read model file " + file + ": " + e, e);
    }
  }
}
