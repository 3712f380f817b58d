package io.github.solrneural.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.model.ModelSpec;
import java.nio.file.Path;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;
import org.junit.Test;

public class ModelQueueSettingsTest {
  private static final Path HOME = Path.of("/var/solr");

  private static NamedList<Object> declaration(Object... extra) {
    NamedList<Object> settings = new NamedList<>();
    settings.add("path", "models/minilm");
    settings.add("engine", "OnnxRuntime");
    settings.add("kind", "embedding");
    for (int i = 0; i < extra.length; i += 2) {
      settings.add((String) extra[i], extra[i + 1]);
    }
    return settings;
  }

  @Test
  public void queueSettingsDefaultToEightPerSlotAndNoWaitLimit() {
    ModelSpec spec =
        ModelDeclaration.parse("minilm", declaration("maxConcurrentInferences", 3)).toSpec(HOME);
    assertEquals(3, spec.maxConcurrentInferences());
    assertEquals(24, spec.maxQueuedInferences());
    assertEquals(ModelSpec.NO_WAIT_LIMIT, spec.maxQueueWaitMillis());
  }

  @Test
  public void queueSettingsAreRead() {
    ModelSpec spec =
        ModelDeclaration.parse("minilm",
                declaration("maxConcurrentInferences", 1, "maxQueuedInferences", 0,
                    "maxQueueWaitMillis", "250"))
            .toSpec(HOME);
    assertEquals(1, spec.maxConcurrentInferences());
    assertEquals(0, spec.maxQueuedInferences());
    assertEquals(250, spec.maxQueueWaitMillis());
  }

  @Test
  public void badQueueSettingsNameTheModelAndTheSetting() {
    assertConfigError(declaration("maxQueuedInferences", -1), "maxQueuedInferences");
    assertConfigError(declaration("maxQueuedInferences", "many"), "maxQueuedInferences");
    assertConfigError(declaration("maxQueueWaitMillis", 0), "maxQueueWaitMillis");
    assertConfigError(declaration("maxQueueWaitMillis", "soon"), "maxQueueWaitMillis");
  }

  private static void assertConfigError(NamedList<Object> settings, String setting) {
    SolrException error =
        assertThrows(SolrException.class,
            () -> ModelDeclaration.parse("minilm", settings).toSpec(HOME));
    assertEquals(500, error.code());
    assertTrue(error.getMessage(), error.getMessage().contains("model 'minilm'"));
    assertTrue(error.getMessage(), error.getMessage().contains(setting));
  }
}
