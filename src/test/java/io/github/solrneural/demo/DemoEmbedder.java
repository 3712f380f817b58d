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

  final KnownEmbedder known;

  private DemoEmbedder(KnownEmbedder known) {
    this.known = known;
  }

  static DemoEmbedder named(String option) {
    return new DemoEmbedder(KnownEmbedder.named(option, "demo.embedder"));
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
    return (config.substring(0, start) + known.declaration(modelName()) + config.substring(end))
        .replace(uses, "<str name=\"model\">" + modelName() + "</str>");
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
