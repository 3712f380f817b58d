package io.github.solrneural.load;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Latencies and errors of one kind of request, recorded by several client threads. */
final class RequestStats {
  private static final int MAX_ERROR_KINDS = 20;

  private long[] latencyNanos = new long[1024];
  private int served;
  private long errors;
  /** Error descriptions (status and message start) with their counts. */
  private final Map<String, Long> errorKinds = new TreeMap<>();

  synchronized void served(long nanos) {
    if (served == latencyNanos.length) {
      latencyNanos = Arrays.copyOf(latencyNanos, served * 2);
    }
    latencyNanos[served++] = nanos;
  }

  synchronized void error(String description) {
    errors++;
    if (errorKinds.size() < MAX_ERROR_KINDS || errorKinds.containsKey(description)) {
      errorKinds.merge(description, 1L, Long::sum);
    }
  }

  synchronized long served() {
    return served;
  }

  synchronized long errors() {
    return errors;
  }

  /** Requests, errors, throughput and latency percentiles (of the requests served) in ms. */
  synchronized Map<String, Object> summary(double seconds) {
    long[] sorted = Arrays.copyOf(latencyNanos, served);
    Arrays.sort(sorted);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("served", served);
    summary.put("errors", errors);
    summary.put("per_second", round(served / seconds, 2));
    summary.put("latency_ms_p50", millis(percentile(sorted, 0.50)));
    summary.put("latency_ms_p95", millis(percentile(sorted, 0.95)));
    summary.put("latency_ms_p99", millis(percentile(sorted, 0.99)));
    summary.put("latency_ms_max", millis(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
    summary.put("error_kinds", new LinkedHashMap<>(errorKinds));
    return summary;
  }

  /** Nearest-rank percentile. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double millis(long nanos) {
    return round(nanos / 1e6, 1);
  }

  static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }
}
