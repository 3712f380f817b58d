package io.github.solrneural.search;

import io.github.solrneural.store.ModelStoreHandler;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.metrics.SolrMetricsContext;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.search.QParser;
import org.apache.solr.search.QParserPlugin;

/**
 * {@code {!knn_text_to_vector model=minilm f=vector topK=20}query text}: embeds the text with a
 * configured model and runs Solr's KNN search on the vector field. Init args give defaults for the
 * local params (model, f, topK), and {@code maxTopK} (default 1000) caps the topK a request may ask
 * for.
 */
public class TextToVectorQParserPlugin extends QParserPlugin {
  public static final String NAME = "knn_text_to_vector";

  static final String MAX_TOP_K = "maxTopK";
  static final int DEFAULT_MAX_TOP_K = 1000;

  private ParserDefaults defaults = new ParserDefaults(null);
  private CountLimit topKLimit = topKLimit(DEFAULT_MAX_TOP_K);

  private final ParserMetrics metrics = new ParserMetrics();

  @Override
  public void init(NamedList<?> args) {
    super.init(args);
    defaults = new ParserDefaults(args);
    topKLimit = topKLimit(defaults.intValue(MAX_TOP_K, DEFAULT_MAX_TOP_K));
  }

  @Override
  public QParser createParser(
      String qstr, SolrParams localParams, SolrParams params, SolrQueryRequest req) {
    metrics.parsed();
    return new TextToVectorQParser(
        qstr, defaults.over(localParams), params, req, ModelStoreHandler.of(req.getCore()),
        topKLimit);
  }

  private static CountLimit topKLimit(int max) {
    return new CountLimit(TextToVectorQParser.TOP_K, MAX_TOP_K, max);
  }

  @Override
  public String getDescription() {
    return "Embeds the query text with a configured embedding model and runs a KNN search on a"
        + " vector field: {!" + NAME + " model=<name> f=<vector field> topK=<k>}<text>";
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
