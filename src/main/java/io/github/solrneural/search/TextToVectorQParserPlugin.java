package io.github.solrneural.search;

import io.github.solrneural.settings.SettingsReader;
import io.github.solrneural.store.ModelStoreHandler;
import java.util.Set;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.search.QParser;

/**
 * {@code {!knn_text_to_vector model=minilm f=vector topK=20}query text}: embeds the text with a
 * configured model and runs Solr's KNN search on the vector field. Init args give defaults for the
 * local params (model, f, topK), and {@code maxTopK} (default 1000) caps the topK a request may ask
 * for.
 */
public class TextToVectorQParserPlugin extends DeclaredQParserPlugin {
  public static final String NAME = "knn_text_to_vector";

  static final String MAX_TOP_K = "maxTopK";
  static final int DEFAULT_MAX_TOP_K = 1000;

  public TextToVectorQParserPlugin() {
    super(NAME, Set.of(TextToVectorQParser.MODEL, TextToVectorQParser.FIELD, TextToVectorQParser.TOP_K),
        TextToVectorQParser.TOP_K, MAX_TOP_K, DEFAULT_MAX_TOP_K);
  }

  @Override
  Object checkDefaults(SettingsReader initArgs, CountLimit limit) {
    return limit.apply(initArgs, TextToVectorQParser.DEFAULT_TOP_K);
  }

  @Override
  public QParser createParser(
      String qstr, SolrParams localParams, SolrParams params, SolrQueryRequest req) {
    parsed(req);
    return new TextToVectorQParser(
        qstr, defaults().over(localParams), params, req, ModelStoreHandler.of(req.getCore()),
        limit(), defaults().owner());
  }

  @Override
  public String getDescription() {
    return "Embeds the query text with a configured embedding model and runs a KNN search on a"
        + " vector field: {!" + NAME + " model=<name> f=<vector field> topK=<k>}<text>";
  }
}
