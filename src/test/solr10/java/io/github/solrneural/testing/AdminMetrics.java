package io.github.solrneural.testing;

import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The plugin's metrics as a Solr 10 node serves them over HTTP: {@code /admin/metrics} in the
 * Prometheus text format. Takes Solr 9's dotted names and maps them to the OpenTelemetry names and
 * labels (docs/operations.md, "Metrics"), so that one test reads both.
 */
public final class AdminMetrics {
  private AdminMetrics() {}

  /** {@code solr_neural_model_<metric>{model="<model>"}}: a count, a gauge's value. */
  public static long model(String nodeUrl, String model, String metric) throws Exception {
    return value(nodeUrl, "solr_neural_model_" + snake(metric), Map.of("model", model));
  }

  /** Every series of {@code solr_neural_*_<metric>}, whatever its labels, summed. */
  public static long everywhere(String nodeUrl, String metric) throws Exception {
    String suffix = "_" + snake(metric);
    Predicate<String> named = name -> name.startsWith("solr_neural_")
        && (name.endsWith(suffix) || name.endsWith(suffix + "_total"));
    return (long) PrometheusText.parse(scrape(nodeUrl)).stream()
        .filter(sample -> named.test(sample.name()))
        .mapToDouble(PrometheusText.Sample::value)
        .sum();
  }

  /** A core plugin's statistic, given by its Solr 9 name (category, key, dotted name). */
  public static long core(String nodeUrl, String core, String category, String key, String name)
      throws Exception {
    String rest = name.substring(category.length() + key.length() + 2);
    switch (category) {
      case "UPDATE":
        return value(nodeUrl, "solr_neural_processor_" + snake(rest),
            Map.of("core", core, "processor", key));
      case "QUERYPARSER":
        return value(nodeUrl, "solr_neural_parser_" + snake(rest),
            Map.of("core", core, "plugin_class", key));
      default:
        if (rest.startsWith("model.")) {
          String[] parts = rest.split("\\.", 3);
          return value(nodeUrl, "solr_neural_store_" + snake(parts[2]),
              Map.of("core", core, "handler", key, "model", parts[1]));
        }
        return value(nodeUrl, "solr_core_" + snake(rest), Map.of("core", core, "handler", key));
    }
  }

  /**
   * Solr 10 has no Plugins / Stats screen: a plugin shows in {@code /admin/metrics}, with its key
   * as a label, and nowhere else.
   */
  public static void assertListed(String nodeUrl, String core, String category, String key,
      String className, String describedAs) throws Exception {
    String label = switch (category) {
      case "UPDATE" -> "processor";
      case "QUERYPARSER" -> "plugin_class";
      default -> "handler";
    };
    List<PrometheusText.Sample> samples = PrometheusText.parse(scrape(nodeUrl));
    assertTrue(category + " " + key + " (" + className + ", " + describedAs + ")",
        samples.stream().anyMatch(sample -> core.equals(sample.labels().get("core"))
            && key.equals(sample.labels().get(label))));
  }

  private static long value(String nodeUrl, String stem, Map<String, String> labels)
      throws Exception {
    List<PrometheusText.Sample> samples = PrometheusText.parse(scrape(nodeUrl));
    double sum = 0;
    boolean found = false;
    String series = stem + suffix(stem);
    // Summed over the series the labels select (two parser names of one plugin class, say).
    for (PrometheusText.Sample sample : samples) {
      if (sample.name().equals(series)
          && sample.labels().entrySet().containsAll(labels.entrySet())) {
        sum += sample.value();
        found = true;
      }
    }
    // OpenTelemetry exports a counter or histogram only once it has counted something.
    if (found || !series.equals(stem)) {
      return (long) sum;
    }
    throw new AssertionError(series + labels + " in /admin/metrics: "
        + samples.stream().map(PrometheusText.Sample::name).filter(n -> n.contains("neural"))
            .distinct().toList());
  }

  /**
   * The series of an instrument as docs/operations.md names it: counters end in {@code _total},
   * histograms are read by their {@code _count}, the timer's carries its unit; gauges as they are.
   */
  private static String suffix(String stem) {
    if (stem.endsWith("_time")) {
      return "_milliseconds_count";
    }
    if (stem.endsWith("_batch_size")) {
      return "_count";
    }
    return COUNTERS.stream().anyMatch(stem::endsWith) ? "_total" : "";
  }

  private static final List<String> COUNTERS = List.of("_forward_passes", "_items", "_errors",
      "_truncated_items", "_parsed_queries", "_documents_embedded", "_chunks_produced",
      "_rejected_documents", "_embedding_failures", "_requests");

  private static String scrape(String nodeUrl) throws Exception {
    PlainHttp.Answer answer = PlainHttp.text(nodeUrl, "/admin/metrics", Map.of("wt", "prometheus"));
    String body = answer.json().get("text").getAsString();
    assertTrue(body, answer.status() == 200);
    return body;
  }

  /** {@code forwardPassTime} as {@code forward_pass_time}, as the plugin's Meters names it. */
  private static String snake(String metric) {
    return metric.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
