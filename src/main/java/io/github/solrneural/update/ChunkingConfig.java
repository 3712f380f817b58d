package io.github.solrneural.update;

import io.github.solrneural.chunk.RecursiveTextSplitter;
import io.github.solrneural.settings.SettingsReader;
import io.github.solrneural.store.SolrSettings;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.apache.solr.common.util.NamedList;

/** The update processor's settings from solrconfig.xml, with their defaults. */
record ChunkingConfig(
    List<String> inputFields,
    String vectorField,
    String modelName,
    boolean chunking,
    int chunkSize,
    int chunkOverlap,
    ChunkUnit chunkUnit,
    List<String> separators,
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

  static final String INPUT_FIELD = "inputField";
  static final String CHUNK_SIZE = "chunkSize";
  static final String CHUNK_OVERLAP = "chunkOverlap";
  static final String CHUNK_UNIT = "chunkUnit";
  static final String MODEL = "model";
  static final String SEPARATORS = "separators";
  private static final Set<String> KNOWN =
      Set.of(INPUT_FIELD, "vectorField", MODEL, "chunking", CHUNK_SIZE, CHUNK_OVERLAP, CHUNK_UNIT,
          SEPARATORS,
          "chunksField", "chunkTextField", "chunkIndexField", "chunkStartField", "chunkEndField",
          "truncatedField", "maxInputChars", "onEmbeddingFailure", "statusField",
          "batchDocuments");
  private static final int MAX = Integer.MAX_VALUE;

  /** The names above and the vector reuse settings, read apart ({@link ReuseSettings}). */
  private static Set<String> withReuseSettings(Set<String> known) {
    Set<String> all = new java.util.HashSet<>(known);
    all.addAll(ReuseSettings.NAMES);
    return all;
  }

  /**
   * The splitter of chunkSize, chunkOverlap and separators (the defaults when none are given),
   * measuring with the given length function ({@link ChunkLength}).
   */
  RecursiveTextSplitter splitter(ToIntFunction<String> length) {
    RecursiveTextSplitter splitter = separators.isEmpty()
        ? new RecursiveTextSplitter(chunkSize, chunkOverlap)
        : new RecursiveTextSplitter(chunkSize, chunkOverlap, separators);
    return length == RecursiveTextSplitter.CHARACTERS ? splitter : splitter.withLength(length);
  }

  /** @throws org.apache.solr.common.SolrException a 500 naming the setting at fault */
  static ChunkingConfig from(NamedList<?> args) {
    return from(settingsOf(args));
  }

  static ChunkingConfig from(SettingsReader settings) {
    return SolrSettings.config(() -> read(settings));
  }

  /** The factory's init args, whose messages name the factory. */
  static SettingsReader settingsOf(NamedList<?> args) {
    return SolrSettings.initArgs(
        args, ChunkingEmbeddingUpdateProcessorFactory.class.getSimpleName());
  }

  private static ChunkingConfig read(SettingsReader settings) {
    settings.rejectUnknown(withReuseSettings(KNOWN));
    List<String> inputFields = settings.all(INPUT_FIELD);
    if (inputFields.isEmpty()) {
      throw settings.problem(INPUT_FIELD, "is required (repeat it for several fields)");
    }
    boolean chunking = settings.bool("chunking", true);
    int chunkSize = settings.integer(CHUNK_SIZE, 500, 1, MAX);
    int chunkOverlap = settings.integer(CHUNK_OVERLAP, 100, 0, MAX);
    if (chunking && chunkOverlap >= chunkSize) {
      throw settings.problem(CHUNK_OVERLAP, "must be below chunkSize=" + chunkSize + ", got "
          + chunkOverlap);
    }
    ChunkUnit chunkUnit = settings.choice(
        CHUNK_UNIT, ChunkUnit.CHARS, SettingsReader.byLowerCaseName(ChunkUnit.class));
    List<String> separators = settings.allEscaped(SEPARATORS);
    if (chunking && !separators.isEmpty()) {
      try {
        new RecursiveTextSplitter(chunkSize, chunkOverlap, separators);
      } catch (IllegalArgumentException e) {
        throw settings.problem(SEPARATORS, "cannot be used: " + e.getMessage());
      }
    }
    return new ChunkingConfig(
        inputFields,
        settings.required("vectorField"),
        settings.required(MODEL),
        chunking,
        chunkSize,
        chunkOverlap,
        chunkUnit,
        separators,
        settings.string("chunksField", "chunks"),
        settings.string("chunkTextField", "chunk_text"),
        settings.string("chunkIndexField", "chunk_index"),
        settings.string("chunkStartField", "chunk_start"),
        settings.string("chunkEndField", "chunk_end"),
        settings.string("truncatedField", "embedding_truncated"),
        settings.integer("maxInputChars", 1_000_000, 1, MAX),
        settings.choice("onEmbeddingFailure", EmbeddingFailurePolicy.FAIL,
            SettingsReader.byLowerCaseName(EmbeddingFailurePolicy.class)),
        settings.string("statusField", "embedding_status"),
        settings.bool("batchDocuments", true));
  }
}
