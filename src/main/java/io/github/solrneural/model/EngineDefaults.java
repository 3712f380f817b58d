package io.github.solrneural.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM-wide DJL settings this plugin wants, as system properties that a user may set first:
 * applied once, before the first model loads (PyTorch reads them when its engine starts), and
 * logged, so the log says which values are the plugin's and which the user's.
 */
public final class EngineDefaults {
  static final String GRAPH_OPTIMIZER = "ai.djl.pytorch.graph_optimizer";
  static final String PYTORCH_THREADS = "ai.djl.pytorch.num_threads";
  static final String PYTORCH_INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

  private static final Logger LOG = LoggerFactory.getLogger(EngineDefaults.class);
  private static final AtomicBoolean APPLIED = new AtomicBoolean();

  private EngineDefaults() {}

  /**
   * The plugin's defaults: TorchScript's profiling executor re-optimises for every new input shape,
   * and batches padded to their own length change shape on every call, so it only costs time; as
   * many PyTorch threads per forward pass as an ONNX Runtime model gets by default; one inter-op
   * thread, since a traced encoder never forks.
   */
  static Map<String, String> defaults() {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put(GRAPH_OPTIMIZER, "false");
    defaults.put(PYTORCH_THREADS, Integer.toString(ModelSpec.defaultThreadsPerInference()));
    defaults.put(PYTORCH_INTEROP_THREADS, "1");
    return defaults;
  }

  /** Sets each default the user has not set, once per JVM, and logs what it did. */
  public static void apply() {
    if (APPLIED.compareAndSet(false, true)) {
      LOG.info(applyTo(System.getProperties()));
    }
  }

  /** Sets each default missing from the properties; says which it set and which it kept. */
  static String applyTo(Properties properties) {
    List<String> set = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    for (Map.Entry<String, String> setting : defaults().entrySet()) {
      String user = properties.getProperty(setting.getKey());
      if (user == null) {
        properties.setProperty(setting.getKey(), setting.getValue());
        set.add(setting.getKey() + "=" + setting.getValue());
      } else {
        kept.add(setting.getKey() + "=" + user);
      }
    }
    return "DJL engine defaults: set " + (set.isEmpty() ? "none" : String.join(", ", set))
        + "; left as the user set them: " + (kept.isEmpty() ? "none" : String.join(", ", kept));
  }
}
