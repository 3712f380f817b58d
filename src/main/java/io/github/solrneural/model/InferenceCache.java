package io.github.solrneural.model;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/**
 * Model outputs already computed, by the SHA-256 of their inputs ({@link CacheKey}): the least
 * recently used go first once the cache holds more entries or bytes than its {@link CacheLimits}.
 * One per loaded model, whose outputs alone it holds, so a changed model (another file, variant,
 * length, pooling...) is another loaded model with caches of its own. Thread-safe: one lock,
 * held only for map operations, never while a model runs.
 */
public final class InferenceCache<V> {
  /** A LinkedHashMap entry (hash, links, key, value references) with the map's table slot. */
  static final int ENTRY_OVERHEAD_BYTES = 64;

  private final CacheLimits limits;
  private final ToLongFunction<V> valueBytes;
  private final LinkedHashMap<CacheKey, V> entries = new LinkedHashMap<>(16, 0.75f, true);
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private long bytes;

  /** @param valueBytes heap bytes one value takes */
  InferenceCache(CacheLimits limits, ToLongFunction<V> valueBytes) {
    this.limits = limits;
    this.valueBytes = valueBytes;
  }

  public boolean enabled() {
    return limits.enabled();
  }

  /** The value stored under the key, or null; counts a hit or a miss. */
  V get(CacheKey key) {
    V value;
    synchronized (this) {
      value = enabled() ? entries.get(key) : null;
    }
    (value == null ? misses : hits).increment();
    return value;
  }

  /** Stores the value, then drops the least recently used entries beyond the limits. */
  void put(CacheKey key, V value) {
    long size = entryBytes(value);
    if (!enabled() || size > limits.bytes()) {
      return;
    }
    synchronized (this) {
      V old = entries.put(key, value);
      bytes += size - (old == null ? 0 : entryBytes(old));
      Iterator<Map.Entry<CacheKey, V>> eldest = entries.entrySet().iterator();
      while (entries.size() > limits.entries() || bytes > limits.bytes()) {
        bytes -= entryBytes(eldest.next().getValue());
        eldest.remove();
        evictions.increment();
      }
    }
  }

  private long entryBytes(V value) {
    return ENTRY_OVERHEAD_BYTES + CacheKey.HEAP_BYTES + valueBytes.applyAsLong(value);
  }

  public CacheLimits limits() {
    return limits;
  }

  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }

  public long evictions() {
    return evictions.sum();
  }

  public synchronized int entries() {
    return entries.size();
  }

  /** Estimated heap bytes of the entries held now. */
  public synchronized long bytes() {
    return bytes;
  }
}
