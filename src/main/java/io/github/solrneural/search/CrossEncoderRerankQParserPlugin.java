package io.github.solrneural.search;

import io.github.solrneural.store.ModelStoreHandler;
import io.github.solrneural.store.SolrSettings;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.core.PluginInfo;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.search.QParser;
import org.apache.solr.search.QParserPlugin;
import org.apache.solr.util.plugin.PluginInfoInitialized;

/**
 * {@code rq={!cross_encoder model=reranker reRankDocs=20 f=chunk_text}query text}: reranks the top
 * hits with a configured cross-encoder. Init args give defaults for the local params (model, f,
 * reRankDocs, reRankOperator, reRankWeight, reRankSigmoid, reRankTimeAllowed), and {@code
 * maxReRankDocs} (default 1000) caps the window a request may ask for.
 */
public class CrossEncoderRerankQParserPlugin extends QParserPlugin
    implements PluginInfoInitialized {
  public static final String NAME = "cross_encoder";
  static final String MAX_RERANK_DOCS = "maxReRankDocs";
  static final int DEFAULT_MAX_RERANK_DOCS = 1000;

  private String name = NAME;
  private ParserDefaults defaults;
  private CountLimit limit;

  public CrossEncoderRerankQParserPlugin() {
    init((NamedList<?>) null);
  }

  @Override
  public void init(PluginInfo info) {
    name = info.name == null ? NAME : info.name;
    init(info.initArgs);
  }

  @Override
  public void init(NamedList<?> args) {
    super.init(args);
    defaults = new ParserDefaults(
        name, args, CrossEncoderRerankQParser.OWN_PARAMS, MAX_RERANK_DOCS, DEFAULT_MAX_RERANK_DOCS);
    limit = new CountLimit(CrossEncoderRerankQParser.RERANK_DOCS, MAX_RERANK_DOCS, defaults.max());
    SolrSettings.config(() -> CrossEncoderRerankQParser.read(defaults.initArgs(), limit));
  }

  @Override
  public QParser createParser(
      String qstr, SolrParams localParams, SolrParams params, SolrQueryRequest req) {
    return new CrossEncoderRerankQParser(
        qstr,
        defaults.over(localParams),
        params,
        req,
        ModelStoreHandler.of(req.getCore()),
        limit,
        defaults.owner());
  }
}
