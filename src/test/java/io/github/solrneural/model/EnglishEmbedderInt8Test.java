package io.github.solrneural.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.bench.OrtJavaEmbedder;
import io.github.solrneural.testing.DemoModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.Test;
import io.github.solrneural.testing.Vectors;

/**
 * The int8 exports of bge-small-en-v1.5 and e5-small-v2 (variant=int8) through the plugin, one text
 * per call, against ONNX Runtime's Java API on the same graph (pooling and normalisation written
 * out in {@link OrtJavaEmbedder}). Their activations are quantised over the whole padded batch, so
 * batched vectors move a little; that figure and the distance to the float32 twin are printed and
 * only loosely bounded.
 */
public class EnglishEmbedderInt8Test {

  @Test
  public void bgeSmallEnInt8MatchesOnnxRuntimeOneTextAtATime() throws Exception {
    check(DemoModels.BGE_SMALL_EN);
  }

  @Test
  public void e5SmallInt8MatchesOnnxRuntimeOneTextAtATime() throws Exception {
    check(DemoModels.E5_SMALL);
  }

  private static void check(String name) throws Exception {
    long start = System.nanoTime();
    EnglishReferences references = EnglishReferences.load(name);
    Path folder = DemoModels.englishEmbedder(name);
    List<String> prefixed = new ArrayList<>();
    List<float[]> float32 = new ArrayList<>();
    for (EnglishReferences.Row row : references.rows()) {
      TextPrefixes prefixes = references.prefixes();
      prefixed.add((row.query() ? prefixes.query() : prefixes.document()) + row.text());
      float32.add(row.vector());
    }
    ModelSpec spec = references.spec(folder).variant("int8").build();
    List<float[]> alone = new ArrayList<>();
    List<Embedding> batched;
    try (LoadedModel model = LoadedModel.load(spec)) {
      assertEquals(384, model.outputDimension());
      Embedder embedder = new Embedder(model);
      for (String text : prefixed) {
        alone.add(embedder.embedAll(List.of(text)).get(0).vector());
      }
      batched = embedder.embedAll(prefixed);
    }
    double worstAlone = 1;
    double worstBatched = 1;
    double worstTwin = 1;
    Path graph = folder.resolve("model-int8.onnx");
    Path tokenizer = folder.resolve("tokenizer.json");
    int maxLength = references.maxLength();
    try (OrtJavaEmbedder direct = references.pooling() == Pooling.CLS
        ? OrtJavaEmbedder.clsPooled(graph, tokenizer, maxLength)
        : OrtJavaEmbedder.meanPooled(graph, tokenizer, maxLength)) {
      for (int i = 0; i < prefixed.size(); i++) {
        float[] expected = direct.embed(prefixed.get(i));
        double cosine = Vectors.cosine(expected, alone.get(i));
        assertTrue(name + " int8 text " + i + " alone: cosine " + cosine, cosine >= 0.99999);
        worstAlone = Math.min(worstAlone, cosine);
        worstBatched =
            Math.min(worstBatched, Vectors.cosine(expected, batched.get(i).vector()));
        worstTwin = Math.min(worstTwin, Vectors.cosine(float32.get(i), alone.get(i)));
      }
    }
    System.out.printf(Locale.ROOT,
        "%s int8 over %d texts: alone vs ONNX Runtime min cosine %.10f; batched (8, padded) vs"
            + " alone %.6f; vs the float32 reference %.6f; %.1f s%n",
        name, prefixed.size(), worstAlone, worstBatched, worstTwin,
        (System.nanoTime() - start) / 1e9);
    assertTrue(name + " int8 batched vs alone: " + worstBatched, worstBatched >= 0.98);
    assertTrue(name + " int8 vs its float32 twin: " + worstTwin, worstTwin >= 0.98);
  }
}
