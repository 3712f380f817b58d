package io.github.solrneural.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.settings.SettingException;
import io.github.solrneural.settings.SettingsReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The cache settings of a model declaration, read by the one settings reader. */
public class CacheSettingsTest {
  private static ModelSpec read(String kind, String... nameValues) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    values.put("kind", List.of(kind));
    values.put("engine", List.of("OnnxRuntime"));
    for (int i = 0; i < nameValues.length; i += 2) {
      values.put(nameValues[i], List.of(nameValues[i + 1]));
    }
    return ModelSettings.read(
        new SettingsReader(values, name -> "setting '" + name + "'"), Path.of("/models/m"));
  }

  @Test
  public void eachKindCachesWhatItComputesByDefault() {
    ModelSpec embedder = read("embedding");
    assertEquals(CacheLimits.DEFAULT_QUERIES, embedder.queryCache());
    assertEquals(CacheLimits.OFF, embedder.pairCache());
    ModelSpec crossEncoder = read("cross-encoder");
    assertEquals(CacheLimits.DEFAULT_PAIRS, crossEncoder.pairCache());
    assertEquals(CacheLimits.OFF, crossEncoder.queryCache());
  }

  @Test
  public void theBoundsAreReadAndZeroTurnsTheCacheOff() {
    ModelSpec spec = read("embedding", "queryCacheEntries", "10", "queryCacheBytes", "4096");
    assertEquals(new CacheLimits(10, 4096), spec.queryCache());
    assertFalse(read("embedding", "queryCacheEntries", "0").queryCache().enabled());
    assertFalse(read("cross-encoder", "pairCacheBytes", "0").pairCache().enabled());
    assertTrue(read("cross-encoder", "pairCacheEntries", "5").pairCache().enabled());
  }

  @Test
  public void aBadBoundOrOneForTheOtherKindNamesTheSetting() {
    SettingException negative = assertThrows(SettingException.class,
        () -> read("cross-encoder", "pairCacheEntries", "-1"));
    assertTrue(negative.getMessage(), negative.getMessage().contains("'pairCacheEntries'"));
    SettingException wrongKind = assertThrows(SettingException.class,
        () -> read("embedding", "pairCacheBytes", "1000"));
    assertTrue(wrongKind.getMessage(), wrongKind.getMessage().contains("'pairCacheBytes'"));
    assertTrue(wrongKind.getMessage(), wrongKind.getMessage().contains("cross-encoder models only"));
    SettingException notANumber = assertThrows(SettingException.class,
        () -> read("embedding", "queryCacheBytes", "lots"));
    assertTrue(notANumber.getMessage(), notANumber.getMessage().contains("'queryCacheBytes'"));
  }
}
