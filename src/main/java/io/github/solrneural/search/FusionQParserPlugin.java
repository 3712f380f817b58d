package io.github.solrneural.search;

import io.github.solrneural.fusion.FusionSpec;
import io.github.solrneural.settings.SettingsReader;
import java.util.Iterator;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.search.QParser;

/**
 * {@code q={!fusion combiner.query=lexical,vector}&lexical=...&vector=...}: fuses the rankings of 2
 * to 5 sub-queries by reciprocal rank (default) or a weighted sum of normalised scores. Each
 * {@code combiner.*} setting is read from the local params, then the request's params, then the
 * declaration's init args; {@code maxUpTo} (default 1000) caps {@code combiner.upTo}.
 */
public class FusionQParserPlugin extends DeclaredQParserPlugin {
  public static final String NAME = "fusion";
  static final String MAX_UP_TO = "maxUpTo";
  static final int DEFAULT_MAX_UP_TO = 1000;

  public FusionQParserPlugin() {
    super(NAME, FusionSpec.DEFAULTABLE, FusionSpec.UP_TO, MAX_UP_TO, DEFAULT_MAX_UP_TO);
  }

  @Override
  Object checkDefaults(SettingsReader initArgs, CountLimit limit) {
    FusionSpec.checkDefaults(initArgs, limit.max());
    return null;
  }

  @Override
  public QParser createParser(
      String qstr, SolrParams localParams, SolrParams params, SolrQueryRequest req) {
    parsed(req);
    SolrParams own = localParams == null ? new ModifiableSolrParams() : localParams;
    return new FusionQParser(qstr, defaults().over(SolrParams.wrapDefaults(own, combinerParams(
        params))), params, req, limit().max(), defaults().owner());
  }

  /** The request's {@code combiner.*} params, which fusion reads as 9.11's combined query does. */
  private static SolrParams combinerParams(SolrParams params) {
    ModifiableSolrParams combiner = new ModifiableSolrParams();
    if (params != null) {
      for (Iterator<String> names = params.getParameterNamesIterator(); names.hasNext(); ) {
        String name = names.next();
        if (name.startsWith("combiner.")) {
          combiner.set(name, params.getParams(name));
        }
      }
    }
    return combiner;
  }

  @Override
  public String getDescription() {
    return "Fuses the rankings of 2 to " + FusionSpec.MAX_QUERIES + " sub-queries named by"
        + " combiner.query, by reciprocal rank or a weighted sum of normalised scores: {!" + NAME
        + " combiner.query=lexical,vector}";
  }
}
