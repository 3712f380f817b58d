package io.github.solrneural.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;

/**
 * The plugin's metrics as a Solr 9 node serves them over HTTP: {@code /admin/metrics} (JSON) for
 * the node's registry, {@code /admin/mbeans} (the admin UI's Plugins / Stats screen) for a core's.
 * Names are Solr 9's dotted names; the Solr 10 twin maps them (docs/operations.md, "Metrics").
 */
public final class AdminMetrics {
  private AdminMetrics() {}

  /** {@code neural.model.<model>.<metric>} in {@code solr.node}: a count, a gauge's value. */
  public static long model(String nodeUrl, String model, String metric) throws Exception {
    String name = "neural.model." + model + "." + metric;
    JsonObject node = PlainHttp.get(nodeUrl, "admin", "/metrics",
        Map.of("group", "node", "prefix", name)).json().getAsJsonObject("metrics")
        .getAsJsonObject("solr.node");
    assertTrue("metric " + name + " in " + node, node.has(name));
    return count(node.get(name));
  }

  /** Every counter named {@code *.<metric>} in the node's and the cores' registries, summed. */
  public static long everywhere(String nodeUrl, String metric) throws Exception {
    JsonObject registries = PlainHttp.get(nodeUrl, "admin", "/metrics",
        Map.of("group", "node,core", "type", "counter")).json().getAsJsonObject("metrics");
    long sum = 0;
    for (Map.Entry<String, JsonElement> registry : registries.entrySet()) {
      for (Map.Entry<String, JsonElement> entry : registry.getValue().getAsJsonObject().entrySet()) {
        if (entry.getKey().endsWith("." + metric)) {
          sum += count(entry.getValue());
        }
      }
    }
    return sum;
  }

  /** A core plugin's statistic, e.g. {@code UPDATE.neural.text.vector.documentsEmbedded}. */
  public static long core(String nodeUrl, String core, String category, String key, String name)
      throws Exception {
    JsonObject stats = bean(nodeUrl, core, category, key).getAsJsonObject("stats");
    assertNotNull("stats of " + key, stats);
    assertTrue(name + " in " + stats, stats.has(name));
    return count(stats.get(name));
  }

  /** The admin UI lists the plugin under its category and key, with its class and description. */
  public static void assertListed(String nodeUrl, String core, String category, String key,
      String className, String describedAs) throws Exception {
    JsonObject bean = bean(nodeUrl, core, category, key);
    assertEquals(className, bean.get("class").getAsString());
    assertTrue(bean.toString(), bean.get("description").getAsString().contains(describedAs));
  }

  private static JsonObject bean(String nodeUrl, String core, String category, String key)
      throws Exception {
    JsonArray flat = PlainHttp.get(nodeUrl, core, "/admin/mbeans", Map.of("stats", "true"))
        .json().getAsJsonArray("solr-mbeans");
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      if (flat.get(i).getAsString().equals(category)) {
        JsonObject beans = flat.get(i + 1).getAsJsonObject();
        assertTrue(key + " in " + category + ": " + beans.keySet(), beans.has(key));
        return beans.getAsJsonObject(key);
      }
    }
    throw new AssertionError("category " + category + " in " + flat);
  }

  private static long count(JsonElement value) {
    return value.isJsonObject() ? value.getAsJsonObject().get("count").getAsLong() : value.getAsLong();
  }
}
