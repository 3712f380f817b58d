package io.github.solrneural.search;

import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.NamedList;

/**
 * Local-param defaults set on a parser's declaration in solrconfig.xml, so that the parser also works
 * as a request handler's defType, where a request gives no local params.
 */
final class ParserDefaults {
  private final SolrParams defaults;

  ParserDefaults(NamedList<?> initArgs) {
    ModifiableSolrParams params = new ModifiableSolrParams();
    if (initArgs != null) {
      for (java.util.Map.Entry<String, ?> entry : initArgs) {
        if (entry.getValue() != null) {
          params.add(entry.getKey(), entry.getValue().toString());
        }
      }
    }
    this.defaults = params;
  }

  /** The request's local params, falling back to the declared defaults. */
  SolrParams over(SolrParams localParams) {
    return SolrParams.wrapDefaults(
        localParams == null ? new ModifiableSolrParams() : localParams, defaults);
  }

  int intValue(String name, int fallback) {
    return defaults.getInt(name, fallback);
  }
}
