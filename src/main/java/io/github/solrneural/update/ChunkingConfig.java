package io.github.solrneural.update;

import java.util.ArrayList;
import java.util.List;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;

/** The update processor's settings from solrconfig.xml, with their defaults. */
record ChunkingConfig(
    List<String> inputFields,
    String vectorField,
    String modelName,
    boolean chunking,
    int chunkSize,
    int chunkOverlap,
    String chunksField,
    String chunkTextField,
    String chunkIndexField,
    String chunkStartField,
    String chunkEndField,
    String truncatedField,
    int maxInputChars,
    EmbeddingFailurePolicy onEmbeddingFailure,
    String statusField,
    boolean batchDocuments) {

  static ChunkingConfig from(NamedList<?> args) {
    List<String> inputFields = new ArrayList<>();
    for (Object value : args.getAll("inputField")) {
      inputFields.add(value.toString());
    }
    if (inputFields.isEmpty()) {
      throw error("'inputField' is required (repeat it for several fields)");
    }
    ChunkingConfig config =
        new ChunkingConfig(
            inputFields,
            required(args, "vectorField"),
            required(args, "model"),
            bool(args, "chunking", true),
            integer(args, "chunkSize", 500),
            integer(args, "chunkOverlap", 100),
            string(args, "chunksField", "chunks"),
            string(args, "chunkTextField", "chunk_text"),
            string(args, "chunkIndexField", "chunk_index"),
            string(args, "chunkStartField", "chunk_start"),
            string(args, "chunkEndField", "chunk_end"),
            string(args, "truncatedField", "embedding_truncated"),
            integer(args, "maxInputChars", 1_000_000),
            EmbeddingFailurePolicy.parse(string(args, "onEmbeddingFailure", "fail")),
            string(args, "statusField", "embedding_status"),
            bool(args, "batchDocuments", true));
    if (config.maxInputChars < 1) {
      throw error("'maxInputChars' must be at least 1, got " + config.maxInputChars);
    }
    if (config.chunking
        && (config.chunkSize < 1 || config.chunkOverlap < 0 || config.chunkOverlap >= config.chunkSize)) {
      throw error(
          "need chunkSize >= 1 and 0 <= chunkOverlap < chunkSize, got chunkSize="
              + config.chunkSize + " chunkOverlap=" + config.chunkOverlap);
    }
    return config;
  }

  private static String required(NamedList<?> args, String name) {
    String value = string(args, name, null);
    if (value == null || value.isBlank()) {
      throw error("'" + name + "' is required");
    }
    return value;
  }

  private static String string(NamedList<?> args, String name, String defaultValue) {
    Object value = args.get(name);
    return value == null ? defaultValue : value.toString();
  }

  private static boolean bool(NamedList<?> args, String name, boolean defaultValue) {
    String value = string(args, name, null);
    if (value == null) {
      return defaultValue;
    }
    switch (value.trim()) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw error("'" + name + "' must be true or false, got '" + value + "'");
    }
  }

  private static int integer(NamedList<?> args, String name, int defaultValue) {
    String value = string(args, name, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw error("'" + name + "' must be an integer, got '" + value + "'");
    }
  }

  private static SolrException error(String message) {
    return new SolrException(
        SolrException.ErrorCode.SERVER_ERROR,
        ChunkingEmbeddingUpdateProcessorFactory.class.getSimpleName() + ": " + message);
  }
}
