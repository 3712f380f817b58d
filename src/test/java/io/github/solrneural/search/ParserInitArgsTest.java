package io.github.solrneural.search;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.store.SolrSettings;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.util.NamedList;
import org.junit.Test;

/**
 * The parsers' init args are checked when the core loads (500, naming the setting), and their
 * local params with each request (400); the reading itself needs no Solr.
 */
public class ParserInitArgsTest {
  private static NamedList<Object> args(Object... pairs) {
    NamedList<Object> args = new NamedList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      args.add((String) pairs[i], pairs[i + 1]);
    }
    return args;
  }

  private static void assertRefused(Runnable init, String message) {
    SolrException error = assertThrows(SolrException.class, init::run);
    assertEquals(500, error.code());
    assertTrue(error.getMessage(), error.getMessage().startsWith(message));
  }

  private static final String RERANK = " of queryParser 'cross_encoder' in solrconfig.xml";
  private static final String KNN = " of queryParser 'knn_text_to_vector' in solrconfig.xml";

  @Test
  public void rerankInitArgs() {
    CrossEncoderRerankQParserPlugin plugin = new CrossEncoderRerankQParserPlugin();
    plugin.init(args("f", "chunk_text", "maxReRankDocs", 50, "reRankSigmoid", "true"));
    assertRefused(() -> plugin.init(args("reRankSigmoid", "yes")),
        "setting 'reRankSigmoid'" + RERANK + " must be true or false, got 'yes'");
    assertRefused(() -> plugin.init(args("maxReRankDocs", "many")),
        "setting 'maxReRankDocs'" + RERANK + " must be an integer, got 'many'");
    assertRefused(() -> plugin.init(args("maxReRankDocs", 0)),
        "setting 'maxReRankDocs'" + RERANK + " must be at least 1, got 0");
    assertRefused(() -> plugin.init(args("reRankTimeAllowed", 0)),
        "setting 'reRankTimeAllowed'" + RERANK + " must be at least 1, or -1 for no limit; got 0");
    assertRefused(() -> plugin.init(args("maxRerankDocs", 10)),
        "unknown setting 'maxRerankDocs'" + RERANK + "; known: [");
  }

  @Test
  public void knnInitArgs() {
    TextToVectorQParserPlugin plugin = new TextToVectorQParserPlugin();
    plugin.init(args("model", "minilm", "f", "vector", "topK", 20, "maxTopK", 100));
    assertRefused(() -> plugin.init(args("topK", "ten")),
        "setting 'topK'" + KNN + " must be an integer, got 'ten'");
    assertRefused(() -> plugin.init(args("maxTopK", -1)),
        "setting 'maxTopK'" + KNN + " must be at least 1, got -1");
    assertRefused(() -> plugin.init(args("top_k", 20)),
        "unknown setting 'top_k'" + KNN + "; known: [");
  }

  @Test
  public void rerankLocalParamsAreRequestErrors() {
    CountLimit limit = new CountLimit("reRankDocs", "maxReRankDocs", 100);
    ModifiableSolrParams params = new ModifiableSolrParams().set("reRankSigmoid", "yes");
    SolrException error = assertThrows(SolrException.class, () -> SolrSettings.request(
        () -> CrossEncoderRerankQParser.read(SolrSettings.localParams(params), limit)));
    assertEquals(400, error.code());
    assertEquals("parameter 'reRankSigmoid' must be true or false, got 'yes'", error.getMessage());
    CrossEncoderRerankQParser.Settings settings = CrossEncoderRerankQParser.read(
        SolrSettings.localParams(new ModifiableSolrParams().set("reRankDocs", "500")
            .set("reRankOperator", "BLEND").set("reRankWeight", "0.5")), limit);
    assertEquals(100, settings.reRankDocs());
    assertEquals(RerankMode.BLEND, settings.mode());
    assertEquals(0.5, settings.weight(), 0);
    assertEquals(-1, settings.timeAllowedMillis());
  }
}
