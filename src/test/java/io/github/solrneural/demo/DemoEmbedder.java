package io.github.solrneural.demo;

import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.KnownEmbedder;
import io.github.solrneural.testing.NeuralCluster;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The embedder the demo declares, picked with -Ddemo.embedder=NAME. Each but the configset's own
 * all-MiniLM-L6-v2 gets a copy of the configset that declares it in place of the shipped one and
 * sizes the vector field to its dimension.
 */
final class DemoEmbedder {
  private static final String SHIPPED_MODEL = "minilm";

  /** The document the demo indexes, and the question it asks by default. */
  record Document(String id, String title, String text, String question) {}

  final KnownEmbedder known;

  private DemoEmbedder(KnownEmbedder known) {
    this.known = known;
  }

  static DemoEmbedder named(String option) {
    return new DemoEmbedder(KnownEmbedder.named(option, "demo.embedder"));
  }

  /** The Chinese model gets a Chinese document and question; the others the shipped English one. */
  Document document() {
    if (known == KnownEmbedder.BGE_SMALL_ZH_V1_5) {
      return new Document("grand_canal", "京杭大运河", DemoModels.resourceText("/demo/grand_canal_zh.txt"),
          "大运河最早的一段是什么时候开凿的？");
    }
    return new Document(Demo.DOCUMENT_ID, "2022 State of the Union Address",
        DemoModels.demoText(), "What is the plan for the economy?");
  }

  /** The declared model's name, as /neural/models lists it. */
  String modelName() {
    return known == KnownEmbedder.ALL_MINILM_L6_V2
        ? SHIPPED_MODEL
        : known.name().toLowerCase(Locale.ROOT);
  }

  /** The configset folder the demo uploads: the shipped one, or a copy under dir. */
  Path configset(Path dir) throws Exception {
    Path shipped = DemoModels.projectDir().resolve("solr-config/conf");
    if (known == KnownEmbedder.ALL_MINILM_L6_V2) {
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
    String declared =
        (config.substring(0, start) + known.declaration(modelName()) + config.substring(end))
            .replace(uses, "<str name=\"model\">" + modelName() + "</str>");
    return known == KnownEmbedder.BGE_SMALL_ZH_V1_5 ? forChinese(declared) : declared;
  }

  /**
   * A Chinese character carries about a word's meaning: chunks of 150 characters hold about what
   * 500 English characters do. The demo cross-encoder reads English only, so /semantic answers
   * with the KNN order.
   */
  private static String forChinese(String config) {
    String size = "<int name=\"chunkSize\">500</int>";
    String overlap = "<int name=\"chunkOverlap\">100</int>";
    int rq = config.indexOf("<str name=\"rq\">{!cross_encoder model=reranker");
    if (!config.contains(size) || !config.contains(overlap) || rq < 0) {
      throw new IllegalStateException("solrconfig.xml no longer chunks at 500 characters and reranks");
    }
    String withoutRerank =
        config.substring(0, rq) + config.substring(config.indexOf("</str>", rq) + "</str>".length());
    return withoutRerank.replace(size, "<int name=\"chunkSize\">150</int>")
        .replace(overlap, "<int name=\"chunkOverlap\">30</int>");
  }

  /** managed-schema.xml with the vector field's dimension set to this model's. */
  String sizedIn(String schema) {
    String shipped = "vectorDimension=\"384\"";
    if (!schema.contains(shipped)) {
      throw new IllegalStateException("managed-schema.xml no longer has a 384-dimension vector");
    }
    return schema.replace(shipped, "vectorDimension=\"" + known.dimension + "\"")
        .replace("knn_vector_384", "knn_vector_" + known.dimension);
  }
}
