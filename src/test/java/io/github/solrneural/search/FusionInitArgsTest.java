package io.github.solrneural.search;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;
import org.junit.Test;

/** The fusion parser's declaration is checked when the core loads: a 500 naming the setting. */
public class FusionInitArgsTest {
  private static final String FUSION = " of queryParser 'fusion' in solrconfig.xml";

  private static NamedList<Object> args(Object... pairs) {
    NamedList<Object> args = new NamedList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      args.add((String) pairs[i], pairs[i + 1]);
    }
    return args;
  }

  private static void assertRefused(NamedList<Object> args, String message) {
    SolrException error =
        assertThrows(SolrException.class, () -> new FusionQParserPlugin().init(args));
    assertEquals(500, error.code());
    assertTrue(error.getMessage(), error.getMessage().startsWith(message));
  }

  @Test
  public void defaultsAndTheCapAreCheckedAsARequestsParamsAre() {
    FusionQParserPlugin plugin = new FusionQParserPlugin();
    plugin.init(args("maxUpTo", 50, "combiner.upTo", 50, "combiner.algorithm", "linear",
        "combiner.linear.normalization", "l2", "combiner.rrf.k", 10));
    assertEquals(50, plugin.limit().max());
    assertRefused(args("maxUpTo", 0), "setting 'maxUpTo'" + FUSION + " must be at least 1, got 0");
    assertRefused(args("maxUpTo", 50, "combiner.upTo", 51),
        "setting 'combiner.upTo'" + FUSION + " must be at most 50");
    assertRefused(args("combiner.algorithm", "borda"),
        "setting 'combiner.algorithm'" + FUSION + " must be one of rrf, linear; got 'borda'");
    assertRefused(args("combiner.rrf.k", 0),
        "setting 'combiner.rrf.k'" + FUSION + " must be at least 1, got 0");
    assertRefused(args("combiner.query", "a,b"),
        "unknown setting 'combiner.query'" + FUSION + "; known: [");
  }
}
