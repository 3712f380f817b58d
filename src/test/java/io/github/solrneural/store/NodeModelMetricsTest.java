package io.github.solrneural.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.model.Embedder;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelEngine;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.model.Pooling;
import java.nio.file.Path;
import org.apache.solr.metrics.SolrMetricManager;
import org.junit.Test;

/** Reference counting and names of the node-level model metrics, on a real tiny model. */
public class NodeModelMetricsTest {
  private static final Path TINY_EMBEDDER =
      Path.of("src/test/resources/tiny-models/tiny-embedder").toAbsolutePath();

  private static ModelSpec spec(int batchSize) {
    return ModelSpec.builder(TINY_EMBEDDER, ModelEngine.ONNX_RUNTIME, ModelKind.EMBEDDING)
        .maxLength(24)
        .pooling(Pooling.MEAN)
        .normalize(true)
        .batchSize(batchSize)
        .maxConcurrentInferences(1)
        .build();
  }

  private static long passes(SolrMetricManager node, String prefix) {
    return NodeRegistry.counter(node, prefix, "forwardPasses");
  }

  @Test
  public void twoCoresOfANodeShareOneSetOfMetricsUntilTheLastReleasesIt() throws Exception {
    SolrMetricManager node = NodeRegistry.manager();
    ModelSpec spec = spec(4);
    LoadedModel model = ModelRegistry.get().acquire(spec);
    try {
      String first = NodeModelMetrics.acquire(node, model);
      String second = NodeModelMetrics.acquire(node, model);
      assertEquals("neural.model.tiny-embedder", first);
      assertEquals(first, second);
      new Embedder(model).embed("one pass");
      assertEquals("counted once, not once per core", 1, passes(node, first));

      NodeModelMetrics.release(node, spec);
      new Embedder(model).embed("another pass");
      assertEquals(2, passes(node, first));

      NodeModelMetrics.release(node, spec);
      assertFalse("removed with the last core", NodeRegistry.registered(node, first));
      new Embedder(model).embed("not observed");
      assertFalse(NodeRegistry.registered(node, first));
      assertTrue("not counted", passes(node, first) <= 2);
    } finally {
      ModelRegistry.get().release(spec);
    }
  }

  @Test
  public void anotherSpecOfTheSameFolderGetsItsOwnName() throws Exception {
    SolrMetricManager node = NodeRegistry.manager();
    ModelSpec small = spec(2);
    ModelSpec large = spec(8);
    LoadedModel smallModel = ModelRegistry.get().acquire(small);
    LoadedModel largeModel = ModelRegistry.get().acquire(large);
    try {
      assertEquals("neural.model.tiny-embedder", NodeModelMetrics.acquire(node, smallModel));
      assertEquals("neural.model.tiny-embedder-2", NodeModelMetrics.acquire(node, largeModel));
      NodeModelMetrics.release(node, small);
      NodeModelMetrics.release(node, large);
    } finally {
      ModelRegistry.get().release(small);
      ModelRegistry.get().release(large);
    }
  }
}
