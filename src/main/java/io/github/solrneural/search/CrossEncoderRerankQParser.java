package io.github.solrneural.search;

import io.github.solrneural.model.PairScorer;
import io.github.solrneural.settings.SettingsReader;
import io.github.solrneural.store.ModelStoreHandler;
import io.github.solrneural.store.SolrSettings;
import java.util.HashSet;
import java.util.Set;
import org.apache.lucene.search.Query;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.CommonParams;
import org.apache.solr.common.params.FacetParams;
import org.apache.solr.common.params.StatsParams;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.handler.component.ResponseBuilder;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.request.SolrRequestInfo;
import org.apache.solr.schema.SchemaField;
import org.apache.solr.search.QParser;

/** Parses and validates one cross_encoder rerank; every bad value is a 400 naming its parameter. */
final class CrossEncoderRerankQParser extends QParser {
  static final String MODEL = "model";
  static final String FIELD = "f";
  static final String RERANK_DOCS = "reRankDocs";
  static final String RERANK_OPERATOR = "reRankOperator";
  static final String RERANK_WEIGHT = "reRankWeight";
  static final String RERANK_SIGMOID = "reRankSigmoid";
  static final String RERANK_TIME_ALLOWED = "reRankTimeAllowed";
  static final String CHUNKS_PER_DOCUMENT = "chunksPerDocument";
  /** More chunks of one document than this are no longer a document-level answer. */
  static final int MAX_CHUNKS_PER_DOCUMENT = 100;
  static final int DEFAULT_RERANK_DOCS = 20;
  static final RerankMode DEFAULT_MODE = RerankMode.REPLACE;
  /** The local params of this parser, which its declaration's init args may also set. */
  static final Set<String> OWN_PARAMS =
      Set.of(MODEL, FIELD, RERANK_DOCS, RERANK_OPERATOR, RERANK_WEIGHT, RERANK_SIGMOID,
          RERANK_TIME_ALLOWED, CHUNKS_PER_DOCUMENT);
  private static final Set<String> KNOWN = union(OWN_PARAMS, ParserDefaults.SOLR_LOCAL_PARAMS);

  /** The rerank's settings, checked; the model and the field are checked against the core later. */
  record Settings(String model, String field, int reRankDocs, RerankMode mode, double weight,
      boolean sigmoid, long timeAllowedMillis, int chunksPerDocument) {}

  private final ModelStoreHandler store;
  private final CountLimit limit;
  private final String owner;

  CrossEncoderRerankQParser(
      String qstr,
      SolrParams localParams,
      SolrParams params,
      SolrQueryRequest req,
      ModelStoreHandler store,
      CountLimit limit,
      String owner) {
    super(qstr, localParams, params, req);
    this.store = store;
    this.limit = limit;
    this.owner = owner;
  }

  /**
   * Reads the settings from local params or init args.
   *
   * @throws io.github.solrneural.settings.SettingException naming the setting at fault
   */
  static Settings read(SettingsReader params, CountLimit limit) {
    long timeAllowed = params.longValue(RERANK_TIME_ALLOWED, -1, Long.MIN_VALUE, Long.MAX_VALUE);
    if (timeAllowed < 1 && timeAllowed != -1) {
      throw params.problem(
          RERANK_TIME_ALLOWED, "must be at least 1, or -1 for no limit; got " + timeAllowed);
    }
    return new Settings(
        params.string(MODEL, null),
        params.string(FIELD, null),
        limit.apply(params, DEFAULT_RERANK_DOCS),
        params.choice(
            RERANK_OPERATOR, DEFAULT_MODE, SettingsReader.byLowerCaseName(RerankMode.class)),
        params.finiteDouble(RERANK_WEIGHT, 1.0),
        params.bool(RERANK_SIGMOID, false),
        timeAllowed,
        params.integer(CHUNKS_PER_DOCUMENT, 0, 0, MAX_CHUNKS_PER_DOCUMENT));
  }

  @Override
  public Query parse() {
    SettingsReader params = SolrSettings.localParams(localParams);
    Settings settings = SolrSettings.request(() -> {
      params.rejectUnknown(KNOWN, owner);
      return read(params, limit);
    });
    String modelName = settings.model();
    PairScorer crossEncoder = SolrSettings.request(() -> store.crossEncoder(params, MODEL));
    if (qstr == null || qstr.isBlank()) {
      throw badRequest(
          "the query text to rerank with is missing: give it as 'v' (for example v=$qt) or after"
              + " the local params");
    }
    String field = settings.field();
    SolrSettings.request(() -> passageField(params, field));
    if (settings.chunksPerDocument() > 0 && asksForCounts()) {
      // Facets and stats count every matching chunk, numFound only the answers kept.
      SolrSettings.request(() -> {
        throw params.problem(CHUNKS_PER_DOCUMENT,
            "does not combine with facet, json.facet or stats, which count every matching chunk");
      });
    }
    RerankRequest request =
        new RerankRequest(modelName, qstr, field, settings.reRankDocs(), settings.mode(),
            settings.weight(), settings.sigmoid(), settings.chunksPerDocument());
    return new CrossEncoderRerankQuery(
        crossEncoder,
        request,
        isExplainResults(),
        settings.timeAllowedMillis(),
        store.rerankFallbacks(modelName));
  }

  /** The field each passage is read from: stored, or a string or text field with docValues. */
  private SchemaField passageField(SettingsReader params, String field) {
    if (field == null || field.isBlank()) {
      throw params.problem(FIELD, "is required: the text field holding each passage to score");
    }
    SchemaField schemaField = req.getSchema().getFieldOrNull(field);
    if (schemaField == null) {
      throw params.problem(FIELD, "names unknown field '" + SettingsReader.quoted(field) + "'");
    }
    if (!PassageReader.canRead(schemaField)) {
      throw params.problem(FIELD, "names field '" + field + "', which is neither stored nor a"
          + " string or text field with docValues: the passages are read from one or the other");
    }
    return schemaField;
  }

  private boolean asksForCounts() {
    return params.getBool(FacetParams.FACET, false)
        || params.get("json.facet") != null
        || params.getBool(StatsParams.STATS, false);
  }

  private boolean isExplainResults() {
    SolrRequestInfo info = SolrRequestInfo.getRequestInfo();
    ResponseBuilder builder = info == null ? null : info.getResponseBuilder();
    if (builder != null) {
      return builder.isDebugResults();
    }
    return params.getBool(CommonParams.DEBUG_QUERY, false);
  }

  static Set<String> union(Set<String> some, Set<String> others) {
    Set<String> all = new HashSet<>(some);
    all.addAll(others);
    return Set.copyOf(all);
  }

  private static SolrException badRequest(String message) {
    return new SolrException(SolrException.ErrorCode.BAD_REQUEST, message);
  }
}
