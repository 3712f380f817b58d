package io.github.solrneural.search;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.store.SolrSettings;
import java.util.List;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.params.SolrParams;
import org.junit.Test;

/** Reading a count parameter: integers only, capped, and never quoted whole. */
public class CountLimitTest {
  private final CountLimit topK = new CountLimit("topK", "maxTopK", 1000);

  /** As the parser reads it: from local params, a bad value a 400. */
  private int apply(String value) {
    SolrParams params = new ModifiableSolrParams().set("topK", value);
    return SolrSettings.request(() -> topK.apply(SolrSettings.localParams(params), 10));
  }

  @Test
  public void anAbsentCountIsTheDefaultWithinTheCap() {
    assertEquals(10, topK.apply(SolrSettings.localParams(new ModifiableSolrParams()), 10));
    assertEquals(1000, topK.apply(SolrSettings.localParams(new ModifiableSolrParams()), 5000));
  }

  @Test
  public void integersWithinTheCapAreTakenAsTheyAre() {
    assertEquals(5, apply("5"));
    assertEquals(5, apply("+5"));
    assertEquals(7, apply(" 007 "));
    assertEquals(1000, apply("1000"));
  }

  @Test
  public void anyLargerIntegerIsCapped() {
    for (String large : List.of("1001", "2147483647", "2147483648", "9".repeat(2_000_000),
        "0".repeat(1_000_000) + "1001")) {
      assertEquals(1000, apply(large));
    }
  }

  @Test
  public void zeroNegativeOrNotAnIntegerIsABadRequestQuotedShort() {
    for (String low : List.of("0", "-0", "-3", "-" + "9".repeat(100_000))) {
      SolrException error = assertThrows(SolrException.class, () -> apply(low));
      assertEquals(400, error.code());
      assertTrue(error.getMessage(), error.getMessage().startsWith("parameter 'topK' must be at least 1"));
      assertTrue(error.getMessage(), error.getMessage().length() < 120);
    }
    String longJunk = "1".repeat(2_000_000) + "x";
    for (String bad : List.of("", "+", "-", "1.5", "1e3", "0x10", "\uff15", "٣", longJunk)) {
      SolrException error = assertThrows(SolrException.class, () -> apply(bad));
      assertEquals(400, error.code());
      assertTrue(error.getMessage(), error.getMessage().startsWith("parameter 'topK' must be an integer"));
      assertTrue(error.getMessage(), error.getMessage().length() < 120);
    }
    SolrException error = assertThrows(SolrException.class, () -> apply(longJunk));
    assertEquals("parameter 'topK' must be an integer, got '" + "1".repeat(32)
        + "... (2000001 characters)'", error.getMessage());
  }
}
