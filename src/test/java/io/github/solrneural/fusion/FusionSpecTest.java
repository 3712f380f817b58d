package io.github.solrneural.fusion;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.settings.SettingException;
import io.github.solrneural.settings.SettingsReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Reading fusion settings: defaults, and a message naming the setting for each bad one. */
public class FusionSpecTest {
  private static SettingsReader params(String... pairs) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      values.computeIfAbsent(pairs[i], name -> new ArrayList<>()).add(pairs[i + 1]);
    }
    return new SettingsReader(values, name -> "parameter '" + name + "'");
  }

  private static SettingException refused(String setting, SettingsReader params) {
    SettingException error =
        assertThrows(SettingException.class, () -> FusionSpec.read(params, 1000));
    assertEquals(error.getMessage(), setting, error.setting());
    assertTrue(error.getMessage(), error.getMessage().contains("'" + setting + "'"));
    return error;
  }

  @Test
  public void defaultsFollowSolrsCombinedQuery() {
    FusionSpec spec = FusionSpec.read(params("combiner.query", "lexical,vector"), 1000);
    assertEquals(List.of("lexical", "vector"), spec.names());
    assertEquals(List.of(1.0, 1.0), spec.weights());
    assertEquals(FusionMethod.RRF, spec.method());
    assertEquals(60, spec.rrfK());
    assertEquals(Normalization.MINMAX, spec.normalization());
    assertEquals(100, spec.upTo());
    assertEquals("a lower maxUpTo lowers the default", 30,
        FusionSpec.read(params("combiner.query", "a,b"), 30).upTo());
  }

  @Test
  public void namesMayBeRepeatedOrCommaSeparated() {
    FusionSpec spec = FusionSpec.read(params("combiner.query", "a, b", "combiner.query", "c",
        "combiner.algorithm", "LINEAR", "combiner.linear.normalization", "l2",
        "combiner.weight.b", "0.25", "combiner.rrf.k", "5", "combiner.upTo", "1000"), 1000);
    assertEquals(List.of("a", "b", "c"), spec.names());
    assertEquals(List.of(1.0, 0.25, 1.0), spec.weights());
    assertEquals(FusionMethod.LINEAR, spec.method());
    assertEquals(Normalization.L2, spec.normalization());
    assertEquals(5, spec.rrfK());
    assertEquals(1000, spec.upTo());
  }

  @Test
  public void badNamesAreRefusedNamingCombinerQuery() {
    refused("combiner.query", params());
    refused("combiner.query", params("combiner.query", "lexical"));
    refused("combiner.query", params("combiner.query", "a,,b"));
    refused("combiner.query", params("combiner.query", "a,b,a"));
    String message = refused("combiner.query", params("combiner.query", "a,b,c,d,e,f"))
        .getMessage();
    assertTrue(message, message.contains("more than 5"));
  }

  @Test
  public void badValuesAreRefusedNamingTheirParameter() {
    refused("combiner.algorithm", params("combiner.query", "a,b", "combiner.algorithm", "rrf2"));
    refused("combiner.rrf.k", params("combiner.query", "a,b", "combiner.rrf.k", "0"));
    refused("combiner.rrf.k", params("combiner.query", "a,b", "combiner.rrf.k", "1.5"));
    refused("combiner.upTo", params("combiner.query", "a,b", "combiner.upTo", "1001"));
    refused("combiner.upTo", params("combiner.query", "a,b", "combiner.upTo", "0"));
    refused("combiner.linear.normalization",
        params("combiner.query", "a,b", "combiner.linear.normalization", "zscore"));
    for (String weight : List.of("NaN", "Infinity", "-1", "heavy", "1e400")) {
      refused("combiner.weight.b", params("combiner.query", "a,b", "combiner.weight.b", weight));
    }
  }

  @Test
  public void weightsOfOtherNamesAreUnknown() {
    assertTrue(FusionSpec.known(List.of("a", "b")).contains("combiner.weight.a"));
    assertTrue(!FusionSpec.known(List.of("a", "b")).contains("combiner.weight.c"));
  }
}
