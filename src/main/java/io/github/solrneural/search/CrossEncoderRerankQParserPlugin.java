package io.github.solrneural.search;

import io.github.solrneural.settings.SettingsReader;
import io.github.solrneural.store.ModelStoreHandler;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.search.QParser;

/**
 * {@code rq={!cross_encoder model=reranker reRankDocs=20 f=chunk_text}query text}: reranks the top
 * hits with a configured cross-encoder. Init args give defaults for the local params (model, f,
 * reRankDocs, reRankOperator, reRankWeight, reRankSigmoid, reRankTimeAllowed, chunksPerDocument),
 * and {@code maxReRankDocs} (default 1000) caps the window a request may ask for.
 */
public class CrossEncoderRerankQParserPlugin extends DeclaredQParserPlugin {
  public static final String NAME = "cross_encoder";
  static final String MAX_RERANK_DOCS = "maxReRankDocs";
  static final int DEFAULT_MAX_RERANK_DOCS = 1000;

  public CrossEncoderRerankQParserPlugin() {
    super(NAME, CrossEncoderRerankQParser.OWN_PARAMS, CrossEncoderRerankQParser.RERANK_DOCS,
        MAX_RERANK_DOCS, DEFAULT_MAX_RERANK_DOCS);
  }

  @Override
  Object checkDefaults(SettingsReader initArgs, CountLimit limit) {
    return CrossEncoderRerankQParser.read(initArgs, limit);
  }

  @Override
  public QParser createParser(
      String qstr, SolrParams localParams, SolrParams params, SolrQueryRequest req) {
    parsed(req);
    return new CrossEncoderRerankQParser(
        qstr,
        defaults().over(localParams),
        params,
        req,
        ModelStoreHandler.of(req.getCore()),
        limit(),
        defaults().owner());
  }

  @Override
  public String getDescription() {
    return "Reranks the top hits with a configured cross-encoder model, scoring (query text,"
        + " passage) pairs: rq={!" + NAME + " model=<name> reRankDocs=<n> f=<text field>}<text>";
  }
}
