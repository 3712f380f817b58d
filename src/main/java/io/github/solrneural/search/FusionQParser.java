package io.github.solrneural.search;

import io.github.solrneural.fusion.FusionSpec;
import io.github.solrneural.seam.VectorQParserBase;
import io.github.solrneural.settings.SettingException;
import io.github.solrneural.settings.SettingsReader;
import io.github.solrneural.store.SolrSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.search.Query;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.search.QParser;
import org.apache.solr.search.SyntaxError;

/**
 * Parses one fusion: its settings, each sub-query (with {@link QParser#getParser}, as the main
 * query would be, so a KNN sub-query pre-filters by fq as Solr's knn parser does), and the request's
 * filter queries, built as Solr's vector parsers build their pre-filter (post filters such as
 * {@code {!collapse}} stay out of it and apply to the fused hits).
 */
final class FusionQParser extends VectorQParserBase {
  /** Set in the request's context while sub-queries parse: a fusion inside a fusion is refused. */
  private static final String PARSING = FusionQParser.class.getName() + ".parsing";
  private static final Set<String> SOLR_PARAMS =
      CrossEncoderRerankQParser.union(
          Set.of("preFilter", "includeTags", "excludeTags", "defType", "sort", "start", "rows"),
          ParserDefaults.SOLR_LOCAL_PARAMS);

  private final int maxUpTo;
  private final String owner;

  FusionQParser(String qstr, SolrParams settings, SolrParams params, SolrQueryRequest req,
      int maxUpTo, String owner) {
    super(qstr, settings, params, req);
    this.maxUpTo = maxUpTo;
    this.owner = owner;
  }

  @Override
  public Query parse() throws SyntaxError {
    SettingsReader settings = SolrSettings.localParams(localParams);
    FusionSpec spec = SolrSettings.request(() -> {
      List<String> names = FusionSpec.names(settings);
      settings.rejectUnknown(CrossEncoderRerankQParser.union(FusionSpec.known(names), SOLR_PARAMS),
          owner);
      return FusionSpec.read(settings, maxUpTo);
    });
    List<Query> subQueries = subQueries(settings, spec);
    return new FusionQuery(spec, subQueries, getFilterQuery());
  }

  private List<Query> subQueries(SettingsReader settings, FusionSpec spec) throws SyntaxError {
    Map<Object, Object> context = req.getContext();
    if (context.containsKey(PARSING)) {
      throw badRequest(settings.problem(FusionSpec.QUERY, "names a sub-query that is itself a {!fusion}:"
            + " fusions do not nest"));
    }
    context.put(PARSING, Boolean.TRUE);
    try {
      List<Query> queries = new ArrayList<>(spec.names().size());
      for (String name : spec.names()) {
        queries.add(subQuery(settings, name));
      }
      return queries;
    } finally {
      context.remove(PARSING);
    }
  }

  private Query subQuery(SettingsReader settings, String name) throws SyntaxError {
    String text = params == null ? null : params.get(name);
    if (text == null || text.isBlank()) {
      throw badRequest(settings.problem(FusionSpec.QUERY, "names '" + SettingsReader.quoted(name)
            + "', but the request has no parameter '" + SettingsReader.quoted(name)
            + "' holding a query"));
    }
    Query query;
    try {
      query = QParser.getParser(text, req).getQuery();
    } catch (SyntaxError e) {
      throw new SyntaxError("sub-query '" + name + "' of " + FusionSpec.QUERY + ": "
          + e.getMessage(), e);
    }
    if (query == null) {
      throw badRequest(settings.problem(FusionSpec.QUERY, "names '" + SettingsReader.quoted(name)
            + "', whose query is empty"));
    }
    return query;
  }

  private static SolrException badRequest(SettingException problem) {
    return new SolrException(SolrException.ErrorCode.BAD_REQUEST, problem.getMessage(), problem);
  }
}
