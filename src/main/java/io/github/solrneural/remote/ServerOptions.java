package io.github.solrneural.remote;

import io.github.solrneural.model.ModelEngine;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.model.Pooling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The command line of the {@link ScoringServer}: {@code --name value} options, the model ones named
 * as in solrconfig.xml's model declarations.
 *
 * @param model the model folder, loaded by the same model layer as in Solr
 * @param host the address to listen on
 * @param port the port to listen on; 0 picks a free one
 * @param maxItemsPerCall the most pairs (or texts) one call may send
 * @param maxBodyBytes the largest request body accepted
 * @param readTimeoutSeconds the time a client has to send its whole request
 */
public record ServerOptions(
    ModelSpec model, String host, int port, int maxItemsPerCall, int maxBodyBytes,
    int readTimeoutSeconds) {

  public static final String USAGE =
      "usage: ScoringServer --model <folder> --engine PyTorch|OnnxRuntime"
          + " --kind cross-encoder|embedding [--port 8080] [--host 127.0.0.1] [--maxLength 256]"
          + " [--batchSize 16] [--maxConcurrentInferences <CPUs>] [--pooling mean|cls]"
          + " [--normalize true|false] [--maxItemsPerCall 1024] [--maxBodyBytes 33554432]"
          + " [--maxQueuedInferences <8 per concurrent inference>] [--readTimeoutSeconds 30]";

  private static final Set<String> KNOWN =
      Set.of(
          "model", "engine", "kind", "port", "host", "maxLength", "batchSize",
          "maxConcurrentInferences", "pooling", "normalize", "maxItemsPerCall", "maxBodyBytes",
          "maxQueuedInferences", "readTimeoutSeconds");

  /** @throws IllegalArgumentException naming the option at fault, with the usage */
  public static ServerOptions parse(String... args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || !KNOWN.contains(args[i].substring(2))) {
        throw new IllegalArgumentException("unknown option '" + args[i] + "'\n" + USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option '" + args[i] + "' needs a value\n" + USAGE);
      }
      values.put(args[i].substring(2), args[i + 1]);
    }
    try {
      Path folder = Path.of(required(values, "model")).toAbsolutePath().normalize();
      if (!Files.isDirectory(folder)) {
        throw new IllegalArgumentException("--model " + folder + " is not a folder");
      }
      ModelKind kind = ModelKind.parse(required(values, "kind"));
      int maxConcurrent = integer(values, "maxConcurrentInferences", ModelSpec.defaultConcurrency());
      ModelSpec spec =
          new ModelSpec(
              folder,
              ModelEngine.parse(required(values, "engine")),
              kind,
              integer(values, "maxLength", ModelSpec.DEFAULT_MAX_LENGTH),
              Pooling.parse(values.getOrDefault("pooling", "mean")),
              bool(values, "normalize", kind == ModelKind.EMBEDDING),
              integer(values, "batchSize", ModelSpec.DEFAULT_BATCH_SIZE),
              maxConcurrent);
      spec = spec.withQueue(
          integer(values, "maxQueuedInferences", ModelSpec.defaultMaxQueued(maxConcurrent)),
          ModelSpec.NO_WAIT_LIMIT);
      int port = integer(values, "port", 8080);
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
      }
      int maxItems = integer(values, "maxItemsPerCall", 1024);
      int maxBody = integer(values, "maxBodyBytes", 32 << 20);
      int readTimeout = integer(values, "readTimeoutSeconds", 30);
      if (maxItems < 1 || maxBody < 1 || readTimeout < 1) {
        throw new IllegalArgumentException(
            "--maxItemsPerCall, --maxBodyBytes and --readTimeoutSeconds must be positive");
      }
      return new ServerOptions(
          spec, values.getOrDefault("host", "127.0.0.1"), port, maxItems, maxBody, readTimeout);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + "\n" + USAGE, e);
    }
  }

  private static String required(Map<String, String> values, String name) {
    String value = values.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  private static int integer(Map<String, String> values, String name, int fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, got '" + value + "'");
    }
  }

  private static boolean bool(Map<String, String> values, String name, boolean fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException("--" + name + " must be true or false, got '" + value + "'");
    }
    return Boolean.parseBoolean(value);
  }
}
