package io.github.solrneural.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/** The LRU of model outputs: its bounds by entries and by bytes, its counters, 0 turns it off. */
public class InferenceCacheTest {
  /** Bytes one entry of a value of {@code valueBytes} takes, by the cache's own arithmetic. */
  private static long entry(long valueBytes) {
    return InferenceCache.ENTRY_OVERHEAD_BYTES + CacheKey.HEAP_BYTES + valueBytes;
  }

  @Test
  public void keysTellTextsAndTheirBoundariesApart() {
    assertEquals(CacheKey.of("query", "passage"), CacheKey.of("query", "passage"));
    assertNotEquals(CacheKey.of("ab", "c"), CacheKey.of("a", "bc"));
    assertNotEquals(CacheKey.of("query: x"), CacheKey.of("x"));
  }

  @Test
  public void theLeastRecentlyUsedGoFirstBeyondTheEntryBound() {
    InferenceCache<Float> cache = new InferenceCache<>(new CacheLimits(3, 1 << 20), v -> 16);
    for (int i = 0; i < 3; i++) {
      cache.put(CacheKey.of("k" + i), (float) i);
    }
    assertEquals(0f, cache.get(CacheKey.of("k0")), 0f); // now the most recently used
    cache.put(CacheKey.of("k3"), 3f);
    assertEquals(3, cache.entries());
    assertEquals(1, cache.evictions());
    assertNull("k1 was the least recently used", cache.get(CacheKey.of("k1")));
    assertEquals(0f, cache.get(CacheKey.of("k0")), 0f);
    assertEquals(3 * entry(16), cache.bytes());
    assertEquals(2, cache.hits());
    assertEquals(1, cache.misses());
  }

  @Test
  public void theByteBoundHoldsWhateverTheEntryBound() {
    long perEntry = entry(1000);
    InferenceCache<byte[]> cache =
        new InferenceCache<>(new CacheLimits(1000, 5 * perEntry + perEntry / 2), v -> v.length);
    for (int i = 0; i < 20; i++) {
      cache.put(CacheKey.of("k" + i), new byte[1000]);
      assertTrue(cache.bytes() <= cache.limits().bytes());
    }
    assertEquals(5, cache.entries());
    assertEquals(5 * perEntry, cache.bytes());
    assertEquals(15, cache.evictions());
    // A value larger than the whole cache is not stored, and evicts nothing.
    cache.put(CacheKey.of("huge"), new byte[(int) (6 * perEntry)]);
    assertEquals(5, cache.entries());
    assertEquals(15, cache.evictions());
  }

  @Test
  public void zeroEntriesOrZeroBytesTurnTheCacheOff() {
    for (CacheLimits off : List.of(new CacheLimits(0, 1 << 20), new CacheLimits(100, 0))) {
      InferenceCache<Float> cache = new InferenceCache<>(off, v -> 16);
      assertFalse(cache.enabled());
      cache.put(CacheKey.of("k"), 1f);
      assertNull(cache.get(CacheKey.of("k")));
      assertEquals(0, cache.entries());
      assertEquals(0, cache.bytes());
    }
  }

  @Test
  public void manyThreadsKeepTheCountsAndBoundsConsistent() throws Exception {
    InferenceCache<Float> cache = new InferenceCache<>(new CacheLimits(50, 1 << 20), v -> 16);
    int threads = 8;
    int operations = 5000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < operations; i++) {
            CacheKey key = CacheKey.of("k" + ((i * 7 + seed) % 80));
            Float value = cache.get(key);
            if (value == null) {
              cache.put(key, (float) ((i * 7 + seed) % 80));
            } else {
              assertEquals(key, CacheKey.of("k" + value.intValue()));
            }
          }
        }));
      }
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals((long) threads * operations, cache.hits() + cache.misses());
    assertEquals(50, cache.entries());
    assertEquals(50 * entry(16), cache.bytes());
    assertTrue(cache.evictions() > 0);
  }
}
