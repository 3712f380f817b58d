package io.github.solrneural.testing;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The real embedders the demo and the evaluation can declare, each as its model card says: pooling,
 * prefixes, 512 tokens (all-MiniLM-L6-v2 stays at the configset's 256, where its known figures were
 * measured).
 */
public enum KnownEmbedder {
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

  /** The name users type (-Ddemo.embedder, -Deval.embedder) and the model card's name. */
  public final String option;
  public final int dimension;
  public final String pooling;
  public final String queryPrefix;
  public final String documentPrefix;
  private final Supplier<Path> folder;

  KnownEmbedder(String option, int dimension, String pooling, String queryPrefix,
      String documentPrefix, Supplier<Path> folder) {
    this.option = option;
    this.dimension = dimension;
    this.pooling = pooling;
    this.queryPrefix = queryPrefix;
    this.documentPrefix = documentPrefix;
    this.folder = folder;
  }

  /** The embedder called option; the message names the system property it came from. */
  public static KnownEmbedder named(String option, String property) {
    for (KnownEmbedder embedder : values()) {
      if (embedder.option.equals(option.trim().toLowerCase(Locale.ROOT))) {
        return embedder;
      }
    }
    throw new IllegalArgumentException("-D" + property + "=" + option + " is not one of "
        + Arrays.stream(values()).map(e -> e.option).collect(Collectors.joining(", ")));
  }

  /** The model folder (model.onnx, tokenizer.json), extracted from its test dependency. */
  public Path folder() {
    return folder.get().toAbsolutePath().normalize();
  }

  public int maxLength() {
    return this == ALL_MINILM_L6_V2 ? 256 : 512;
  }

  /** Its declaration for the /neural/models list of solrconfig.xml, under the given name. */
  public String declaration(String name) {
    return "<lst name=\"" + name + "\">"
        + "<str name=\"path\">" + folder() + "</str>"
        + "<str name=\"engine\">OnnxRuntime</str><str name=\"kind\">embedding</str>"
        + "<int name=\"maxLength\">" + maxLength() + "</int><str name=\"pooling\">" + pooling
        + "</str><bool name=\"normalize\">true</bool><int name=\"batchSize\">16</int>"
        + prefix("queryPrefix", queryPrefix) + prefix("documentPrefix", documentPrefix)
        + "</lst>";
  }

  private static String prefix(String setting, String value) {
    return value.isEmpty() ? "" : "<str name=\"" + setting + "\">" + value + "</str>";
  }
}
