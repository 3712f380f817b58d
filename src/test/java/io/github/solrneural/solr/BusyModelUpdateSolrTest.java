package io.github.solrneural.solr;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.solrneural.model.HeldInferenceSlots;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.UpdateChains;
import io.github.solrneural.testing.UpdateOutcome;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A busy model (HTTP 503) while documents are held back for batching: each document is refused
 * under its own id, exactly as with each document handed on at once. The test holds the model's
 * only inference slot, so that every forward pass of the update is refused.
 */
@org.apache.solr.SolrTestCaseJ4.SuppressSSL(bugUrl = "none: plain-HTTP client")
public class BusyModelUpdateSolrTest extends SolrCloudTestCase {
  private static final int DOCS = 10;
  private static String node;

  @BeforeClass
  public static void startCluster() throws Exception {
    NeuralCluster.useDemoModels();
    String chains =
        UpdateChains.variants("minilm", "vector", "");
    Path conf =
        NeuralCluster.configsetWith(
            createTempDir("conf-busy"),
            config ->
                NeuralCluster.withModelSettings(config,
                        Map.of("minilm",
                            Map.of("maxConcurrentInferences", "1", "maxQueuedInferences", "0")))
                    .replace("<requestHandler name=\"/select\"", chains + "<requestHandler name=\"/select\""));
    configureCluster(1).addConfig(NeuralCluster.CONFIGSET, conf).configure();
    NeuralCluster.createCollection(cluster.getSolrClient(), cluster, "busy", 1, 1);
    node = cluster.getJettySolrRunner(0).getBaseUrl().toString();
  }

  @AfterClass
  public static void clearProperties() {
    System.clearProperty("neural.models.dir");
  }

  @Test
  public void aBusyModelRefusesEachHeldDocumentUnderItsOwnId() throws Exception {
    ModelSpec spec =
        ModelRegistry.get().loaded().stream()
            .filter(s -> s.folder().endsWith("all-minilm-l6-v2") && s.maxConcurrentInferences() == 1)
            .findFirst()
            .orElseThrow();
    LoadedModel minilm = ModelRegistry.get().acquire(spec);
    try {
      Set<String> all = new TreeSet<>();
      for (int i = 0; i < DOCS; i++) {
        all.add("b" + i);
      }
      try (HeldInferenceSlots held = HeldInferenceSlots.all(minilm)) {
        for (String mode : new String[] {"-1", "0", "2", "strict"}) {
          UpdateOutcome single = send(mode, false);
          UpdateOutcome batched = send(mode, true);
          assertEquals("maxErrors " + mode, single, batched);
          assertEquals("maxErrors " + mode, Set.of(), batched.indexedIds());
          switch (mode) {
            case "-1":
              assertEquals(new UpdateOutcome(200, all, Set.of()), batched);
              break;
            case "0":
              assertEquals(new UpdateOutcome(503, Set.of("b0"), Set.of()), batched);
              break;
            case "2":
              assertEquals(new UpdateOutcome(503, Set.of("b0", "b1", "b2"), Set.of()), batched);
              break;
            default:
              assertEquals(new UpdateOutcome(503, Set.of(), Set.of()), batched);
          }
        }
      }
      // With the slot free again, the same update indexes every document.
      assertEquals(new UpdateOutcome(200, Set.of(), all), send("0", true));
    } finally {
      ModelRegistry.get().release(spec);
    }
  }

  private static UpdateOutcome send(String maxErrors, boolean batched) throws Exception {
    JsonArray docs = new JsonArray();
    for (int i = 0; i < DOCS; i++) {
      JsonObject doc = new JsonObject();
      doc.addProperty("id", "b" + i);
      doc.addProperty("text", "A short passage, number " + i + ".");
      docs.add(doc);
    }
    Map<String, String> params = new LinkedHashMap<>();
    boolean tolerant = !"strict".equals(maxErrors);
    params.put("update.chain", UpdateChains.name(tolerant, batched));
    if (tolerant) {
      params.put("maxErrors", maxErrors);
    }
    return UpdateOutcome.of(node, "busy", params, docs.toString());
  }
}
