package io.github.solrneural.bench;

import io.github.solrneural.chunk.Chunk;
import io.github.solrneural.chunk.RecursiveTextSplitter;
import io.github.solrneural.model.CrossEncoder;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelEngine;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.model.Pooling;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Times one rerank of 20 long passages per engine: args = model folder, engine, rounds. */
public final class RerankSpeedProbe {
  public static void main(String[] args) throws Exception {
    String text;
    try (var in = RerankSpeedProbe.class.getResourceAsStream("/demo/state_of_the_union.txt")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> passages = new ArrayList<>();
    for (Chunk chunk : new RecursiveTextSplitter(1500, 0).split(text).subList(0, 20)) {
      passages.add(chunk.text());
    }
    ModelSpec spec =
        new ModelSpec(Path.of(args[0]).toAbsolutePath(), ModelEngine.parse(args[1]),
            ModelKind.CROSS_ENCODER, 256, Pooling.MEAN, false, Integer.parseInt(args[3]), 1);
    try (LoadedModel model = LoadedModel.load(spec)) {
      CrossEncoder crossEncoder = new CrossEncoder(model);
      for (int round = 0; round < Integer.parseInt(args[2]); round++) {
        long start = System.nanoTime();
        crossEncoder.score("What is the plan for the economy?", passages);
        System.out.printf("%s batch %s round %d: %.0f ms for 20 pairs%n", args[1], args[3], round,
            (System.nanoTime() - start) / 1e6);
      }
    }
  }
}
