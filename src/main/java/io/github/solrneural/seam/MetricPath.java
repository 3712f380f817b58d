package io.github.solrneural.seam;

import java.util.Map;

/**
 * Where a component's metrics are named, in both forms: Solr 9 joins {@code path} and the metric
 * name with dots ({@code neural.model.minilm.forwardPasses}); Solr 10 names an OpenTelemetry
 * instrument {@code solr_neural_<kind>_<metric in snake case>} and puts {@code attributes} on it.
 *
 * @param path the Solr 9 path before the metric name
 * @param kind the Solr 10 group of the component, in snake case
 * @param attributes the Solr 10 attributes that tell components of one kind apart
 */
public record MetricPath(String[] path, String kind, Map<String, String> attributes) {}
