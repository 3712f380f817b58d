package io.github.solrneural.model;

/**
 * How much one inference cache may hold: at most {@code entries} entries and {@code bytes} bytes
 * (the cache's own estimate of its heap use). Either at 0 turns the cache off.
 */
public record CacheLimits(int entries, long bytes) {
  public static final CacheLimits OFF = new CacheLimits(0, 0);
  /** Query vectors: 1024 of 384 floats take about 1.7 MB, of 1024 floats about 4.3 MB. */
  public static final CacheLimits DEFAULT_QUERIES = new CacheLimits(1024, 8L << 20);
  /** Pair scores: 128 bytes each, so 100,000 pairs take 12.8 MB. */
  public static final CacheLimits DEFAULT_PAIRS = new CacheLimits(100_000, 16L << 20);

  public CacheLimits {
    if (entries < 0 || bytes < 0) {
      throw new IllegalArgumentException(
          "cache limits must be at least 0 (0: no cache), got " + entries + " entries, "
              + bytes + " bytes");
    }
  }

  public boolean enabled() {
    return entries > 0 && bytes > 0;
  }
}
