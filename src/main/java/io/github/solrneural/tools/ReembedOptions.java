package io.github.solrneural.tools;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@link Reembed}.
 *
 * @param collectionUrl e.g. {@code http://host:8983/solr/docs}, without a trailing slash
 * @param model the embedder's name in the model store
 * @param chain the update chain that embeds, or null for the collection's default
 * @param batch documents read and re-sent per request, at most {@link #MAX_BATCH}
 * @param maxDocs documents to re-embed before stopping, or {@code Long.MAX_VALUE}
 * @param skipFields stored fields of a source document that are not sent back (derived ones)
 * @param authorizationEnv the environment variable holding an Authorization header value, or null
 */
record ReembedOptions(String collectionUrl, String model, String chain, int batch, long maxDocs,
    List<String> skipFields, String authorizationEnv) {
  /** Bounds each read and each update request, and the memory of one batch. */
  static final int MAX_BATCH = 1000;
  /** Never sent back: Solr's own fields and what the update processor derives by default. */
  static final List<String> DEFAULT_SKIP = List.of("_version_", "_root_", "_nest_path_", "chunks",
      "vector", "embedding_key", "embedding_model", "embedding_truncated", "embedding_status");

  static final String USAGE = "usage: Reembed --collection-url http://host:8983/solr/<collection>"
      + " --model <name> [--chain <update chain>] [--batch 100 (1.." + MAX_BATCH + ")]"
      + " [--max-docs N] [--skip-fields f1,f2 (more stored fields not to send back)]"
      + " [--authorization-env VAR (an environment variable holding the Authorization header)]";

  /** @throws IllegalArgumentException naming the option that is missing or wrong */
  static ReembedOptions parse(String... args) {
    String url = null;
    String model = null;
    String chain = null;
    int batch = 100;
    long maxDocs = Long.MAX_VALUE;
    List<String> skip = new ArrayList<>(DEFAULT_SKIP);
    String authorizationEnv = null;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      String value = args[++i];
      switch (option) {
        case "--collection-url" -> url = value.replaceAll("/+$", "");
        case "--model" -> model = value;
        case "--chain" -> chain = value;
        case "--batch" -> batch = (int) number(option, value, 1, MAX_BATCH);
        case "--max-docs" -> maxDocs = number(option, value, 1, Long.MAX_VALUE);
        case "--skip-fields" -> skip.addAll(List.of(value.split(",")));
        case "--authorization-env" -> authorizationEnv = value;
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    if (url == null || model == null) {
      throw new IllegalArgumentException("--collection-url and --model are required");
    }
    URI uri = URI.create(url);
    if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
      throw new IllegalArgumentException("--collection-url must be an http(s) URL");
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException(
          "--collection-url must not hold credentials: use --authorization-env");
    }
    return new ReembedOptions(url, model, chain, batch, maxDocs, List.copyOf(skip),
        authorizationEnv);
  }

  private static long number(String option, String value, long min, long max) {
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " must be a whole number from " + min + " to "
        + (max == Long.MAX_VALUE ? "any" : String.valueOf(max)) + ", not '" + value + "'");
  }
}
