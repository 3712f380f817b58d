package io.github.solrneural.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.testing.DemoModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.Test;
import io.github.solrneural.testing.Vectors;

/**
 * bge-small-en-v1.5 and e5-small-v2 (float32) through the plugin's model layer, declared as a user
 * declares them (pooling, prefixes, 512 tokens, batched and padded), against vectors computed
 * without ONNX Runtime or the tokenizers library (see {@link EnglishReferences}).
 */
public class EnglishEmbedderReferenceTest {

  @Test
  public void bgeSmallEnMatchesTheIndependentReference() throws Exception {
    assertMatchesReference(DemoModels.BGE_SMALL_EN);
  }

  @Test
  public void e5SmallMatchesTheIndependentReference() throws Exception {
    assertMatchesReference(DemoModels.E5_SMALL);
  }

  private static void assertMatchesReference(String name) throws Exception {
    Path folder = DemoModels.englishEmbedder(name); // first: the reference script reads it too
    EnglishReferences references = EnglishReferences.load(name);
    ModelSpec spec = references.spec(folder).build();
    long start = System.nanoTime();
    double worst = 1;
    int longTexts = 0;
    try (LoadedModel model = LoadedModel.load(spec)) {
      assertEquals(384, model.outputDimension());
      Embedder embedder = new Embedder(model);
      for (boolean queries : new boolean[] {true, false}) {
        TextEmbedder prefixed = queries
            ? references.prefixes().forQueries(embedder)
            : references.prefixes().forDocuments(embedder);
        List<Embedding> vectors = prefixed.embedAll(references.texts(queries));
        List<EnglishReferences.Row> rows = references.rows(queries);
        for (int i = 0; i < rows.size(); i++) {
          double cosine = Vectors.cosine(rows.get(i).vector(), vectors.get(i).vector());
          assertTrue(name + " " + (queries ? "query" : "document") + " " + i + " ("
                  + rows.get(i).tokens() + " tokens): cosine " + cosine,
              cosine >= 0.99999);
          worst = Math.min(worst, cosine);
          longTexts += rows.get(i).tokens() == references.maxLength() ? 1 : 0;
        }
      }
    }
    assertTrue("some reference texts reach the 512-token cut", longTexts >= 2);
    System.out.printf(Locale.ROOT,
        "%s float32, plugin (batched) vs independent reference: min cosine %.10f over %d texts"
            + " (%d cut at %d tokens), %.1f s%n",
        name, worst, references.rows().size(), longTexts, references.maxLength(),
        (System.nanoTime() - start) / 1e9);
  }
}
