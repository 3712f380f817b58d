package io.github.solrneural.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.chunk.Chunk;
import io.github.solrneural.chunk.RecursiveTextSplitter;
import io.github.solrneural.testing.DemoModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** The reranker shipped in models/ scores a padded batch exactly as it scores pairs one by one. */
public class ShippedRerankerBatchTest {

  @Test
  public void aBatchOfMixedLengthsScoresLikeOnePairAtATime() throws Exception {
    String text = DemoModels.demoText();
    // Passages from a few words to beyond the 256-token max length.
    List<String> passages = new ArrayList<>();
    int[] sizes = {40, 120, 300, 500, 800, 1500, 2500, 60, 200, 4000};
    for (int i = 0; i < sizes.length; i++) {
      List<Chunk> chunks = new RecursiveTextSplitter(sizes[i], 0).split(text);
      passages.add(chunks.get(i % chunks.size()).text());
    }
    ModelSpec spec =
        ModelSpec.builder(DemoModels.projectDir().resolve("models/scifact-minilm-ce"), ModelEngine.PYTORCH, ModelKind.CROSS_ENCODER)
            .maxLength(256)
            .pooling(Pooling.MEAN)
            .normalize(false)
            .batchSize(16)
            .maxConcurrentInferences(1)
            .pairCache(CacheLimits.OFF) // each pair alone must run, not come from the cache
            .build();
    try (LoadedModel model = LoadedModel.load(spec)) {
      CrossEncoder crossEncoder = new CrossEncoder(model);
      String query = "What is the plan for the economy?";
      float[] batched = crossEncoder.score(query, passages);
      float min = Float.MAX_VALUE;
      float max = -Float.MAX_VALUE;
      for (int i = 0; i < passages.size(); i++) {
        float single = crossEncoder.score(query, List.of(passages.get(i)))[0];
        assertEquals("passage " + i, single, batched[i], 1e-5f);
        min = Math.min(min, single);
        max = Math.max(max, single);
      }
      assertTrue("the passages get different scores", max - min > 0.5f);
    }
  }
}
