package io.github.solrneural.demo;

import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The embedder the demo declares, picked with -Ddemo.embedder=NAME. Each but the configset's own
 * all-MiniLM-L6-v2 gets a copy of the configset that declares it as its model card says (pooling,
 * prefixes, 512 tokens) and sizes the vector field to its dimension.
 */
enum DemoEmbedder {
  ALL_MINILM_L6_V2(DemoModels.EMBEDDER, 384, "mean", "", "",
      () -> DemoModels.prepare().resolve(DemoModels.EMBEDDER)),
  BGE_SMALL_EN_V1_5(DemoModels.BGE_SMALL_EN, 384, "cls",
      "Represent this sentence for searching relevant passages: ", "",
      () -> DemoModels.englishEmbedder(DemoModels.BGE_SMALL_EN)),
  E5_SMALL_V2(DemoModels.E5_SMALL, 384, "mean", "query: ", "passage: ",
      () -> DemoModels.englishEmbedder(DemoModels.E5_SMALL)),
  /** Only the int8 export is a test dependency; batched int8 vectors move slightly (docs). */
  BGE_SMALL_ZH_V1_5("bge-small-zh-v1.5", 512, "cls", "为这个句子生成表示以用于检索相关文章：", "",
      DemoModels::chineseEmbedder);

  private static final String SHIPPED_MODEL = "minilm";

  final String option;
  final int dimension;
  final String pooling;
  final String queryPrefix;
  final String documentPrefix;
  private final Supplier<Path> folder;

  DemoEmbedder(String option, int dimension, String pooling, String queryPrefix,
      String documentPrefix, Supplier<Path> folder) {
    this.option = option;
    this.dimension = dimension;
    this.pooling = pooling;
    this.queryPrefix = queryPrefix;
    this.documentPrefix = documentPrefix;
    this.folder = folder;
  }

  static DemoEmbedder named(String option) {
    for (DemoEmbedder embedder : values()) {
      if (embedder.option.equals(option.trim().toLowerCase(Locale.ROOT))) {
        return embedder;
      }
    }
    throw new IllegalArgumentException("-Ddemo.embedder=" + option + " is not one of "
        + Arrays.stream(values()).map(e -> e.option).collect(Collectors.joining(", ")));
  }

  /** The declared model's name, as /neural/models lists it. */
  String modelName() {
    return this == ALL_MINILM_L6_V2 ? SHIPPED_MODEL : name().toLowerCase(Locale.ROOT);
  }

  /** The configset folder the demo uploads: the shipped one, or a copy under dir. */
  Path configset(Path dir) throws Exception {
    Path shipped = DemoModels.projectDir().resolve("solr-config/conf");
    if (this == ALL_MINILM_L6_V2) {
      return shipped;
    }
    return NeuralCluster.configsetWith(dir, this::declaredIn, this::sizedIn);
  }

  /** solrconfig.xml with the shipped embedder's declaration and uses replaced by this one. */
  String declaredIn(String config) {
    String opening = "<lst name=\"" + SHIPPED_MODEL + "\">";
    int start = config.indexOf(opening);
    int end = config.indexOf("</lst>", start) + "</lst>".length();
    String uses = "<str name=\"model\">" + SHIPPED_MODEL + "</str>";
    if (start < 0 || !config.contains(uses)) {
      throw new IllegalStateException("solrconfig.xml no longer declares and uses " + SHIPPED_MODEL);
    }
    String declaration = "<lst name=\"" + modelName() + "\">"
        + "<str name=\"path\">" + folder.get().toAbsolutePath().normalize() + "</str>"
        + "<str name=\"engine\">OnnxRuntime</str><str name=\"kind\">embedding</str>"
        + "<int name=\"maxLength\">512</int><str name=\"pooling\">" + pooling + "</str>"
        + "<bool name=\"normalize\">true</bool><int name=\"batchSize\">16</int>"
        + prefix("queryPrefix", queryPrefix) + prefix("documentPrefix", documentPrefix)
        + "</lst>";
    return (config.substring(0, start) + declaration + config.substring(end))
        .replace(uses, "<str name=\"model\">" + modelName() + "</str>");
  }

  /** managed-schema.xml with the vector field's dimension set to this model's. */
  String sizedIn(String schema) {
    String shipped = "vectorDimension=\"384\"";
    if (!schema.contains(shipped)) {
      throw new IllegalStateException("managed-schema.xml no longer has a 384-dimension vector");
    }
    return schema.replace(shipped, "vectorDimension=\"" + dimension + "\"")
        .replace("knn_vector_384", "knn_vector_" + dimension);
  }

  private static String prefix(String setting, String value) {
    return value.isEmpty() ? "" : "<str name=\"" + setting + "\">" + value + "</str>";
  }
}
