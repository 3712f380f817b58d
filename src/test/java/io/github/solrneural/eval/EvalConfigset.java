package io.github.solrneural.eval;

import io.github.solrneural.testing.KnownEmbedder;
import io.github.solrneural.testing.NeuralCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The evaluation's configset: the shipped one, plus the cross-encoder under test as {@code
 * eval_reranker} and the real English embedders under their model-card names, with every use of
 * the shipped embedder (the indexing chains, the KNN parser's default) pointed at the one evaluated.
 */
final class EvalConfigset {
  static final String SHIPPED_EMBEDDER = "minilm";
  /** Declared beside minilm, at 512 tokens as MTEB runs them; selectable with -Deval.embedder. */
  static final List<KnownEmbedder> ENGLISH =
      List.of(KnownEmbedder.BGE_SMALL_EN_V1_5, KnownEmbedder.E5_SMALL_V2);

  private EvalConfigset() {}

  /** The real model behind a configured embedder name, or an error naming the property. */
  static KnownEmbedder embedder(String name) {
    if (name.equals(SHIPPED_EMBEDDER)) {
      return KnownEmbedder.ALL_MINILM_L6_V2;
    }
    for (KnownEmbedder known : ENGLISH) {
      if (known.option.equals(name)) {
        return known;
      }
    }
    throw new IllegalArgumentException("-Deval.embedder=" + name + " is not a configured embedder: "
        + SHIPPED_EMBEDDER + ", " + ENGLISH.stream().map(k -> k.option).toList());
  }

  static Path write(Path dir, String embedder, String reranker, Map<String, String> embedderSettings)
      throws Exception {
    embedder(embedder);
    StringBuilder declarations = new StringBuilder(reranker);
    for (KnownEmbedder known : ENGLISH) {
      declarations.append(known.declaration(known.option));
      NeuralCluster.allowModelFolders(known.folder());
    }
    return NeuralCluster.configsetWith(dir, config -> {
      String uses = "<str name=\"model\">" + SHIPPED_EMBEDDER + "</str>";
      if (!config.contains(uses)) {
        throw new IllegalStateException("solrconfig.xml no longer uses " + SHIPPED_EMBEDDER);
      }
      String declared = NeuralCluster.withModels(config, declarations.toString())
          .replace(uses, "<str name=\"model\">" + embedder + "</str>");
      return embedderSettings.isEmpty()
          ? declared
          : NeuralCluster.withModelSettings(declared, Map.of(embedder, embedderSettings));
    });
  }
}
