package io.github.solrneural.search;

import io.github.solrneural.store.ModelStoreHandler;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.metrics.SolrMetricsContext;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.search.QParser;
import org.apache.solr.search.QParserPlugin;

/**
 * {@code rq={!cross_encoder model=reranker reRankDocs=20 f=chunk_text}query text}: reranks the top
 * hits with a configured cross-encoder. Init args give defaults for the local params (model, f,
 * reRankDocs, reRankOperator, reRankWeight, reRankSigmoid, reRankTimeAllowed), and {@code
 * maxReRankDocs} (default 1000) caps the window a request may ask for.
 */
public class CrossEncoderRerankQParserPlugin extends QParserPlugin {
  public static final String NAME = "cross_encoder";
  static final String MAX_RERANK_DOCS = "maxReRankDocs";
  static final int DEFAULT_MAX_RERANK_DOCS = 1000;

  private ParserDefaults defaults = new ParserDefaults(null);
  private CountLimit limit = rerankDocsLimit(DEFAULT_MAX_RERANK_DOCS);

  private final ParserMetrics metrics = new ParserMetrics();

  @Override
  public void init(NamedList<?> args) {
    super.init(args);
    defaults = new ParserDefaults(args);
    limit = rerankDocsLimit(defaults.intValue(MAX_RERANK_DOCS, DEFAULT_MAX_RERANK_DOCS));
  }

  @Override
  public QParser createParser(
      String qstr, SolrParams localParams, SolrParams params, SolrQueryRequest req) {
    metrics.parsed();
    return new CrossEncoderRerankQParser(
        qstr,
        defaults.over(localParams),
        params,
        req,
        ModelStoreHandler.of(req.getCore()),
        limit);
  }

  private static CountLimit rerankDocsLimit(int max) {
    return new CountLimit(CrossEncoderRerankQParser.RERANK_DOCS, MAX_RERANK_DOCS, max);
  }

  @Override
  public String getDescription() {
    return "Reranks the top hits with a configured cross-encoder model, scoring (query text,"
        + " passage) pairs: rq={!" + NAME + " model=<name> reRankDocs=<n> f=<text field>}<text>";
  }

  @Override
  public void initializeMetrics(SolrMetricsContext parentContext, String scope) {
    metrics.initialize(parentContext, this, getCategory().toString(), scope);
  }

  @Override
  public SolrMetricsContext getSolrMetricsContext() {
    return metrics.context();
  }
}
