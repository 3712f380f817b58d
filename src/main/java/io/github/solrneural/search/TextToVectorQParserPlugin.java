package io.github.solrneural.search;

import io.github.solrneural.store.ModelStoreHandler;
import io.github.solrneural.store.SolrSettings;
import java.util.Set;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.core.PluginInfo;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.search.QParser;
import org.apache.solr.search.QParserPlugin;
import org.apache.solr.util.plugin.PluginInfoInitialized;

/**
 * {@code {!knn_text_to_vector model=minilm f=vector topK=20}query text}: embeds the text with a
 * configured model and runs Solr's KNN search on the vector field. Init args give defaults for the
 * local params (model, f, topK), and {@code maxTopK} (default 1000) caps the topK a request may ask
 * for.
 */
public class TextToVectorQParserPlugin extends QParserPlugin implements PluginInfoInitialized {
  public static final String NAME = "knn_text_to_vector";

  static final String MAX_TOP_K = "maxTopK";
  static final int DEFAULT_MAX_TOP_K = 1000;
  private static final Set<String> DEFAULTABLE =
      Set.of(TextToVectorQParser.MODEL, "f", TextToVectorQParser.TOP_K);

  private String name = NAME;
  private ParserDefaults defaults;
  private CountLimit topKLimit;

  public TextToVectorQParserPlugin() {
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
    defaults = new ParserDefaults(name, args, DEFAULTABLE, MAX_TOP_K, DEFAULT_MAX_TOP_K);
    topKLimit = new CountLimit(TextToVectorQParser.TOP_K, MAX_TOP_K, defaults.max());
    SolrSettings.config(() -> topKLimit.apply(defaults.initArgs(), TextToVectorQParser.DEFAULT_TOP_K));
  }

  @Override
  public QParser createParser(
      String qstr, SolrParams localParams, SolrParams params, SolrQueryRequest req) {
    return new TextToVectorQParser(
        qstr, defaults.over(localParams), params, req, ModelStoreHandler.of(req.getCore()),
        topKLimit, defaults.owner());
  }
}
