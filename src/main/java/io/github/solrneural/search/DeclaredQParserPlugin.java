package io.github.solrneural.search;

import io.github.solrneural.seam.MeteredQParserPlugin;
import io.github.solrneural.seam.MetricScope;
import io.github.solrneural.settings.SettingsReader;
import io.github.solrneural.store.SolrSettings;
import java.util.Set;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.core.PluginInfo;
import org.apache.solr.metrics.SolrMetricsContext;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.util.plugin.PluginInfoInitialized;

/**
 * A parser plugin whose declaration sets defaults for its local params and caps its count: both
 * checked when the core loads, under the name solrconfig.xml gives the parser. Counts the queries it
 * parses, for the admin UI's Plugins / Stats screen.
 */
abstract class DeclaredQParserPlugin extends MeteredQParserPlugin
    implements PluginInfoInitialized {
  private final Set<String> defaultable;
  private final String countName;
  private final String maxName;
  private final int defaultMax;
  private String name;
  private ParserDefaults defaults;
  private CountLimit limit;
  private final ParserMetrics metrics = new ParserMetrics();

  DeclaredQParserPlugin(
      String name, Set<String> defaultable, String countName, String maxName, int defaultMax) {
    this.name = name;
    this.defaultable = defaultable;
    this.countName = countName;
    this.maxName = maxName;
    this.defaultMax = defaultMax;
    init((NamedList<?>) null);
  }

  @Override
  public void init(PluginInfo info) {
    if (info.name != null) {
      name = info.name;
    }
    init(info.initArgs);
  }

  @Override
  public void init(NamedList<?> args) {
    super.init(args);
    defaults = new ParserDefaults(name, args, defaultable, maxName, defaultMax);
    limit = new CountLimit(countName, maxName, defaults.max());
    SolrSettings.config(() -> checkDefaults(defaults.initArgs(), limit));
  }

  /**
   * Reads the declared defaults as a request's local params are read.
   *
   * @throws io.github.solrneural.settings.SettingException naming a bad default
   */
  abstract Object checkDefaults(SettingsReader initArgs, CountLimit limit);

  ParserDefaults defaults() {
    return defaults;
  }

  CountLimit limit() {
    return limit;
  }

  /** Counts one parsed query; each plugin's createParser calls it. */
  void parsed(SolrQueryRequest req) {
    if (!metrics.initialized() && req.getCore() != null) {
      synchronized (metrics) {
        if (!metrics.initialized()) {
          registerWith(req.getCore(), "QParserPlugin." + name);
        }
      }
    }
    metrics.parsed();
  }

  @Override
  protected void initializeMeters(MetricScope scope) {
    metrics.initialize(scope, getClass().getName());
  }

  @Override
  public SolrMetricsContext getSolrMetricsContext() {
    return metrics.context();
  }
}
