package io.github.solrneural.search;

import io.github.solrneural.store.ModelStoreHandler;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.search.QParser;
import org.apache.solr.search.QParserPlugin;

/**
 * {@code {!knn_text_to_vector model=minilm f=vector topK=20}query text}: embeds the text with a
 * configured model and runs Solr's KNN search on the vector field. Init args give defaults for the
 * local params (model, f, topK).
 */
public class TextToVectorQParserPlugin extends QParserPlugin {
  public static final String NAME = "knn_text_to_vector";

  private ParserDefaults defaults = new ParserDefaults(null);

  @Override
  public void init(NamedList<?> args) {
    super.init(args);
    defaults = new ParserDefaults(args);
  }

  @Override
  public QParser createParser(
      String qstr, SolrParams localParams, SolrParams params, SolrQueryRequest req) {
    return new TextToVectorQParser(
        qstr, defaults.over(localParams), params, req, ModelStoreHandler.of(req.getCore()));
  }
}
