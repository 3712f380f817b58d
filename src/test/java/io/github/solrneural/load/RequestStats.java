package io.github.solrneural.load;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Latencies and errors of one kind of request, recorded by several client threads. */
class RequestStats {
  private static final int MAX_ERROR_KINDS = 20;

  private long[] latencyNanos = new long[1024];
  private int served;
  private long errors;
  private long failovers;
  /** Error descriptions (status and message start) with their counts. */
  private final Map<String, Long> errorKinds = new TreeMap<>();
  /** Errors by outcome: "HTTP 503", "no answer", "200 with a wrong page"... */
  private final Map<String, Long> errorStatuses = new TreeMap<>();

  synchronized void served(long nanos) {
    if (served == latencyNanos.length) {
      latencyNanos = Arrays.copyOf(latencyNanos, served * 2);
    }
    latencyNanos[served++] = nanos;
  }

  /**
   * @param status the outcome's class, such as "HTTP 503" or "no answer"
   * @param description that and the start of the message
   */
  synchronized void error(String status, String description) {
    errors++;
    errorStatuses.merge(status, 1L, Long::sum);
    if (errorKinds.size() < MAX_ERROR_KINDS || errorKinds.containsKey(description)) {
      errorKinds.merge(description, 1L, Long::sum);
    }
  }

  /** A request passed on to the next node because its node gave no HTTP answer. */
  synchronized void failover() {
    failovers++;
  }

  synchronized long failovers() {
    return failovers;
  }

  /** Errors whose status is none of the given ones. */
  synchronized long errorsBesides(java.util.Set<String> statuses) {
    return errorStatuses.entrySet().stream()
        .filter(entry -> !statuses.contains(entry.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** Errors that were an HTTP status with a message. */
  synchronized long httpErrorsWithMessage() {
    return errorStatuses.entrySet().stream()
        .filter(entry -> entry.getKey().startsWith("HTTP ")
            && !entry.getKey().endsWith(" without a message"))
        .mapToLong(Map.Entry::getValue)
        .sum();
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
    summary.put("failovers", failovers);
    summary.put("per_second", round(served / seconds, 2));
    summary.put("latency_ms_p50", millis(percentile(sorted, 0.50)));
    summary.put("latency_ms_p95", millis(percentile(sorted, 0.95)));
    summary.put("latency_ms_p99", millis(percentile(sorted, 0.99)));
    summary.put("latency_ms_max", millis(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
    summary.put("errors_by_status", new LinkedHashMap<>(errorStatuses));
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
