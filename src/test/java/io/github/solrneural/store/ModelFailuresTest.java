package io.github.solrneural.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.model.BackendFailureException;
import io.github.solrneural.model.Budget;
import io.github.solrneural.model.BudgetExhaustedException;
import io.github.solrneural.model.Embedder;
import io.github.solrneural.model.HeldInferenceSlots;
import io.github.solrneural.model.InferenceException;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelBusyException;
import io.github.solrneural.model.ModelEngine;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.model.Pooling;
import io.github.solrneural.remote.RemoteModel;
import io.github.solrneural.remote.RemoteModelSpec;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.apache.solr.common.SolrException;
import org.junit.Test;

/** Real failures of the model layer, in-process and remote, mapped without Solr running. */
public class ModelFailuresTest {
  /** Loads and runs, but fails at inference on any text holding the word "road". */
  private static final Path TINY_EMBEDDER =
      Path.of("src/test/resources/tiny-models/fragile-embedder").toAbsolutePath();
  // Port 1: nothing listens there, the connection is refused.
  private static final String DOWN = "http://127.0.0.1:1/invocations";

  /** One slot, no queue. */
  private static ModelSpec tinySpec() {
    return ModelSpec.builder(TINY_EMBEDDER, ModelEngine.ONNX_RUNTIME, ModelKind.EMBEDDING)
        .maxLength(256)
        .pooling(Pooling.MEAN)
        .normalize(true)
        .batchSize(4)
        .maxConcurrentInferences(1)
        .maxQueuedInferences(0)
        .build();
  }

  @Test
  public void aBusyModelIsA503NamingTheModelNotItsFolder() throws Exception {
    ModelSpec spec = tinySpec();
    LoadedModel model = ModelRegistry.get().acquire(spec);
    try (HeldInferenceSlots held = HeldInferenceSlots.all(model)) {
      ModelBusyException busy =
          assertThrows(ModelBusyException.class, () -> new Embedder(model).embed("text"));
      SolrException error = ModelFailures.of(ModelKind.EMBEDDING, "minilm", busy);
      assertEquals(503, error.code());
      assertTrue(error.getMessage(),
          error.getMessage().startsWith("embedding model 'minilm' is busy: "));
      assertTrue(error.getMessage(), error.getMessage().endsWith("; try again later"));
      assertFalse(error.getMessage(), error.getMessage().contains(TINY_EMBEDDER.toString()));
    } finally {
      ModelRegistry.get().release(spec);
    }
  }

  @Test
  public void aModelThatFailsAtInferenceIsA500WithNoCauseToShowItsFile() throws Exception {
    ModelSpec spec = tinySpec();
    LoadedModel model = ModelRegistry.get().acquire(spec);
    try {
      InferenceException failed = assertThrows(InferenceException.class,
          () -> new Embedder(model).embed("the road to inflation"));
      assertTrue("the model layer names its file", failed.getMessage().contains(TINY_EMBEDDER.toString()));
      SolrException error = ModelFailures.of(ModelKind.CROSS_ENCODER, "reranker", failed);
      assertEquals(500, error.code());
      assertEquals(
          "cross-encoder model 'reranker' failed at inference; the Solr log has the details",
          error.getMessage());
      assertNull("a 500's trace goes to the client", error.getCause());
    } finally {
      ModelRegistry.get().release(spec);
    }
  }

  @Test
  public void anEndpointThatFailsIsA503WithItsReasonButNotItsUrl() {
    RemoteModel remote = RemoteModel.connect(new RemoteModelSpec(URI.create(DOWN),
        ModelKind.EMBEDDING, 1000, 1000, 0, 0, 4, 8, null, null,
        RemoteModelSpec.DEFAULT_MAX_RESPONSE_BYTES));
    BackendFailureException failed =
        assertThrows(BackendFailureException.class, () -> remote.embedder().embed("text"));
    assertTrue("the log line names the endpoint", failed.getMessage().contains("127.0.0.1:1"));
    SolrException error = ModelFailures.of(ModelKind.EMBEDDING, "minilm_remote", failed);
    assertEquals(503, error.code());
    assertTrue(error.getMessage(),
        error.getMessage().startsWith("embedding model 'minilm_remote' is unavailable: "));
    assertTrue(error.getMessage(), error.getMessage().contains("cannot reach the endpoint"));
    assertFalse(error.getMessage(), error.getMessage().contains("127.0.0.1"));
  }

  @Test
  public void aSpentBudgetIsA503ThatSaysWhy() {
    RemoteModel remote = RemoteModel.connect(new RemoteModelSpec(URI.create(DOWN),
        ModelKind.CROSS_ENCODER, 1000, 1000, 0, 0, 4, 1, null, null,
        RemoteModelSpec.DEFAULT_MAX_RESPONSE_BYTES));
    Budget spent = Budget.ofMillis(-1);
    BudgetExhaustedException exhausted = assertThrows(BudgetExhaustedException.class,
        () -> remote.pairScorer().score("query", List.of("passage"), spent));
    SolrException error = ModelFailures.of(ModelKind.CROSS_ENCODER, "remote", exhausted);
    assertEquals(503, error.code());
    assertEquals("cross-encoder model 'remote' did not complete: time budget of -1 ms exceeded",
        error.getMessage());
  }
}
