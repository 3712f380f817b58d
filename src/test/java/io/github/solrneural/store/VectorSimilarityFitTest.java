package io.github.solrneural.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.github.solrneural.model.Embedder;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelEngine;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.model.TextEmbedder;
import io.github.solrneural.remote.RemoteModel;
import io.github.solrneural.remote.RemoteModelSpec;
import java.net.URI;
import java.nio.file.Path;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.junit.Test;

/** Which embedders suit which similarity, with real embedders and no Solr. */
public class VectorSimilarityFitTest {
  private static final Path TINY_DOT =
      Path.of("src/test/resources/tiny-models/tiny-dot-embedder").toAbsolutePath();

  private static LoadedModel load(boolean normalize) throws Exception {
    return LoadedModel.load(
        ModelSpec.builder(TINY_DOT, ModelEngine.ONNX_RUNTIME, ModelKind.EMBEDDING)
            .maxLength(32)
            .normalize(normalize)
            .maxConcurrentInferences(1)
            .build());
  }

  @Test
  public void onlyAnUnnormalisedLocalEmbedderIsRefusedByADotProductField() throws Exception {
    try (LoadedModel raw = load(false);
        LoadedModel unit = load(true)) {
      TextEmbedder unnormalised = new Embedder(raw);
      assertEquals("vector field 'v' scores by dot_product, which takes unit-length vectors, but"
              + " embedding model 'dot' is declared with normalize=false: set normalize=true on"
              + " the model, or, for a model trained for dot-product scoring,"
              + " similarityFunction=\"maximum_inner_product\" on the field's type",
          VectorSimilarityFit.problem(
              "v", VectorSimilarityFunction.DOT_PRODUCT, "dot", unnormalised));
      for (VectorSimilarityFunction other : new VectorSimilarityFunction[] {
          VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT, VectorSimilarityFunction.COSINE,
          VectorSimilarityFunction.EUCLIDEAN}) {
        assertNull(other.toString(), VectorSimilarityFit.problem("v", other, "dot", unnormalised));
      }
      assertNull(VectorSimilarityFit.problem(
          "v", VectorSimilarityFunction.DOT_PRODUCT, "unit", new Embedder(unit)));
    }
  }

  /** An endpoint normalises or not and does not say; its vectors pass unchecked (documented). */
  @Test
  public void aRemoteEmbedderIsNotChecked() {
    RemoteModel remote = RemoteModel.connect(new RemoteModelSpec(
        URI.create("http://127.0.0.1:1/invocations"), ModelKind.EMBEDDING, 1000, 1000, 0, 0, 4, 8,
        null, null, RemoteModelSpec.DEFAULT_MAX_RESPONSE_BYTES));
    assertEquals(TextEmbedder.VectorLength.UNKNOWN, remote.embedder().vectorLength());
    assertNull(VectorSimilarityFit.problem(
        "v", VectorSimilarityFunction.DOT_PRODUCT, "remote", remote.embedder()));
  }
}
