package io.github.solrneural.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Properties;
import org.junit.Test;

/** The plugin's DJL defaults fill what the user left unset, keep what the user set, and say so. */
public class EngineDefaultsTest {
  @Test
  public void unsetPropertiesGetTheDefaultsAndUserValuesAreKeptAndNamed() {
    Properties properties = new Properties();
    properties.setProperty(EngineDefaults.PYTORCH_THREADS, "7");
    String logged = EngineDefaults.applyTo(properties);
    assertEquals("false", properties.getProperty(EngineDefaults.GRAPH_OPTIMIZER));
    assertEquals("1", properties.getProperty(EngineDefaults.PYTORCH_INTEROP_THREADS));
    assertEquals("7", properties.getProperty(EngineDefaults.PYTORCH_THREADS));
    assertEquals(
        "DJL engine defaults: set ai.djl.pytorch.graph_optimizer=false,"
            + " ai.djl.pytorch.num_interop_threads=1;"
            + " left as the user set them: ai.djl.pytorch.num_threads=7",
        logged);
  }

  @Test
  public void loadingAModelHasAppliedTheDefaultsToThisJvm() throws Exception {
    try (LoadedModel model =
        LoadedModel.load(TinyModels.embedder(ModelEngine.ONNX_RUNTIME, Pooling.MEAN, true))) {
      for (String key : EngineDefaults.defaults().keySet()) {
        assertTrue(key + " is set", System.getProperty(key) != null);
      }
    }
  }
}
