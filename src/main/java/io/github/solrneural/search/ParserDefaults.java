package io.github.solrneural.search;

import io.github.solrneural.settings.SettingsReader;
import io.github.solrneural.store.SolrSettings;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.NamedList;

/**
 * A parser's declaration in solrconfig.xml: its name, the cap on its count ({@code maxTopK},
 * {@code maxReRankDocs}), and defaults for its own local params, so that the parser also works as a
 * request handler's defType, where a request gives no local params. A setting it does not know, or
 * a malformed one, stops the core.
 */
final class ParserDefaults {
  /** Local params Solr's QParser itself reads, which any parser takes. */
  static final Set<String> SOLR_LOCAL_PARAMS = Set.of("v", "type", "tag", "cache", "cost");

  private final String parserName;
  private final SettingsReader initArgs;
  private final SolrParams defaults;
  private final int max;

  /**
   * @param ownParams the local params the parser reads, which init args may set
   * @param maxName the init arg capping the parser's count
   */
  ParserDefaults(
      String parserName, NamedList<?> args, Set<String> ownParams, String maxName, int defaultMax) {
    this.parserName = parserName;
    this.initArgs = SolrSettings.initArgs(args, "queryParser '" + parserName + "'");
    Set<String> known = new HashSet<>(ownParams);
    known.add(maxName);
    this.max = SolrSettings.config(() -> {
      initArgs.rejectUnknown(known);
      return initArgs.integer(maxName, defaultMax, 1, Integer.MAX_VALUE);
    });
    ModifiableSolrParams params = new ModifiableSolrParams();
    if (args != null) {
      for (Map.Entry<String, ?> entry : args) {
        if (entry.getValue() != null && !entry.getKey().equals(maxName)) {
          params.add(entry.getKey(), entry.getValue().toString());
        }
      }
    }
    this.defaults = params;
  }

  /** The init args, to check the defaults as a request's local params are checked. */
  SettingsReader initArgs() {
    return initArgs;
  }

  int max() {
    return max;
  }

  /** How messages name the parser: {@code {!cross_encoder}}. */
  String owner() {
    return "{!" + parserName + "}";
  }

  /** The request's local params, falling back to the declared defaults. */
  SolrParams over(SolrParams localParams) {
    return SolrParams.wrapDefaults(
        localParams == null ? new ModifiableSolrParams() : localParams, defaults);
  }
}
