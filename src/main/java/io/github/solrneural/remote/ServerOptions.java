package io.github.solrneural.remote;

import io.github.solrneural.model.ModelSettings;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.settings.SettingsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of the {@link ScoringServer}: {@code --name value} options, the model ones
 * named, read and checked as in solrconfig.xml's model declarations ({@link ModelSettings}).
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
          + " --kind cross-encoder|embedding [--port 8080] [--host 127.0.0.1]"
          + " [--maxItemsPerCall 1024] [--maxBodyBytes 33554432] [--readTimeoutSeconds 30]"
          + "\n  model settings, as in solrconfig.xml: [--variant <name>: model-<name>.onnx|.pt]"
          + " [--maxLength 256] [--batchSize 16] [--maxBatchTokens 1024]"
          + " [--pooling mean|cls] [--normalize true|false (true for embedding)]"
          + " [--maxConcurrentInferences <CPUs / threads per inference>]"
          + " [--maxQueuedInferences <8 per concurrent inference>] [--maxQueueWaitMillis <none>]"
          + " [--intraOpThreads <CPUs / maxConcurrentInferences>]"
          + " [--maxTokenizedChars <maxLength x 128>]";

  static final String MODEL = "model";
  private static final String HOST = "host";
  private static final String PORT = "port";
  private static final String MAX_ITEMS = "maxItemsPerCall";
  private static final String MAX_BODY = "maxBodyBytes";
  private static final String READ_TIMEOUT = "readTimeoutSeconds";
  private static final Set<String> KNOWN = known();

  /** @throws IllegalArgumentException naming the option at fault, with the usage */
  public static ServerOptions parse(String... args) {
    try {
      SettingsReader options = new SettingsReader(values(args), name -> "option --" + name);
      for (String prefix : ModelSettings.PREFIX_NAMES) {
        if (options.has(prefix)) {
          // The contract's inputs may be queries or documents: the Solr side knows which.
          throw options.problem(prefix, "is not a server option: the server embeds the texts it"
              + " is sent as given; declare " + prefix + " on the remote model in solrconfig.xml,"
              + " and the plugin puts it before each text it sends");
        }
      }
      options.rejectUnknown(KNOWN);
      Path folder = Path.of(options.required(MODEL)).toAbsolutePath().normalize();
      if (!Files.isDirectory(folder)) {
        throw options.problem(MODEL, folder + " is not a folder");
      }
      return new ServerOptions(
          ModelSettings.read(options, folder),
          options.string(HOST, "127.0.0.1"),
          options.integer(PORT, 8080, 0, 65535),
          options.integer(MAX_ITEMS, 1024, 1, Integer.MAX_VALUE),
          options.integer(MAX_BODY, 32 << 20, 1, Integer.MAX_VALUE),
          options.integer(READ_TIMEOUT, 30, 1, Integer.MAX_VALUE));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + "\n" + USAGE, e);
    }
  }

  /** {@code --name value} pairs by name; a value may not start with "--". */
  private static Map<String, List<String>> values(String... args) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || args[i].length() == 2) {
        throw new IllegalArgumentException("expected an option --name, got '"
            + SettingsReader.quoted(args[i]) + "'");
      }
      if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value");
      }
      values.computeIfAbsent(args[i].substring(2), name -> new ArrayList<>()).add(args[i + 1]);
    }
    return values;
  }

  private static Set<String> known() {
    Set<String> known = new HashSet<>(ModelSettings.NAMES);
    known.addAll(Set.of(MODEL, HOST, PORT, MAX_ITEMS, MAX_BODY, READ_TIMEOUT));
    return Set.copyOf(known);
  }
}
