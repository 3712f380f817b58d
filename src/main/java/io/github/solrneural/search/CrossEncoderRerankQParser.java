package io.github.solrneural.search;

import io.github.solrneural.model.PairScorer;
import io.github.solrneural.store.ModelStoreHandler;
import org.apache.lucene.search.Query;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.CommonParams;
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
  static final int DEFAULT_RERANK_DOCS = 20;
  static final RerankMode DEFAULT_MODE = RerankMode.REPLACE;

  private final ModelStoreHandler store;
  private final CountLimit limit;

  CrossEncoderRerankQParser(
      String qstr,
      SolrParams localParams,
      SolrParams params,
      SolrQueryRequest req,
      ModelStoreHandler store,
      CountLimit limit) {
    super(qstr, localParams, params, req);
    this.store = store;
    this.limit = limit;
  }

  @Override
  public Query parse() {
    String modelName = localParams.get(MODEL);
    PairScorer crossEncoder = store.crossEncoder(modelName, MODEL);
    if (qstr == null || qstr.isBlank()) {
      throw badRequest(
          "the query text to rerank with is missing: give it as 'v' (for example v=$qt) or after"
              + " the local params");
    }
    String field = localParams.get(FIELD);
    if (field == null || field.isBlank()) {
      throw badRequest("parameter 'f' is required: the text field holding each passage to score");
    }
    SchemaField schemaField = req.getSchema().getFieldOrNull(field);
    if (schemaField == null) {
      throw badRequest("parameter 'f' names unknown field '" + field + "'");
    }
    if (!PassageReader.canRead(schemaField)) {
      throw badRequest(
          "parameter 'f' names field '" + field + "', which is neither stored nor a string or"
              + " text field with docValues: the passages are read from one or the other");
    }
    RerankRequest request =
        new RerankRequest(
            modelName,
            qstr,
            field,
            reRankDocs(),
            mode(),
            doubleParam(RERANK_WEIGHT, 1.0),
            booleanParam(RERANK_SIGMOID));
    return new CrossEncoderRerankQuery(
        crossEncoder,
        request,
        isExplainResults(),
        reRankTimeAllowed(),
        store.rerankFallbacks(modelName));
  }

  private int reRankDocs() {
    String value = localParams.get(RERANK_DOCS);
    return value == null ? DEFAULT_RERANK_DOCS : limit.apply(value);
  }

  /** Milliseconds the rerank may take, or -1 for no limit of its own. */
  private long reRankTimeAllowed() {
    String value = localParams.get(RERANK_TIME_ALLOWED);
    if (value == null) {
      return -1;
    }
    long millis;
    try {
      millis = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      millis = 0;
    }
    if (millis < 1 && millis != -1) {
      throw badRequest(
          "parameter '" + RERANK_TIME_ALLOWED + "' must be a positive number of milliseconds, or"
              + " -1 for no limit; got '" + value + "'");
    }
    return millis;
  }

  private RerankMode mode() {
    String value = localParams.get(RERANK_OPERATOR);
    if (value == null) {
      return DEFAULT_MODE;
    }
    try {
      return RerankMode.parse(value);
    } catch (IllegalArgumentException e) {
      throw badRequest("parameter '" + RERANK_OPERATOR + "' " + e.getMessage());
    }
  }

  private double doubleParam(String name, double defaultValue) {
    String value = localParams.get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      double parsed = Double.parseDouble(value.trim());
      if (!Double.isFinite(parsed)) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw badRequest("parameter '" + name + "' must be a finite number, got '" + value + "'");
    }
  }

  private boolean booleanParam(String name) {
    String value = localParams.get(name);
    if (value == null) {
      return false;
    }
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      throw badRequest("parameter '" + name + "' must be true or false, got '" + value + "'");
    }
    return Boolean.parseBoolean(value);
  }

  private boolean isExplainResults() {
    SolrRequestInfo info = SolrRequestInfo.getRequestInfo();
    ResponseBuilder builder = info == null ? null : info.getResponseBuilder();
    if (builder != null) {
      return builder.isDebugResults();
    }
    return params.getBool(CommonParams.DEBUG_QUERY, false);
  }

  private static SolrException badRequest(String message) {
    return new SolrException(SolrException.ErrorCode.BAD_REQUEST, message);
  }
}
