package io.github.solrneural.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times contenders side by side: one warm-up run each, then rounds in which every contender runs
 * once, the starting contender rotating from round to round (A B C, B C A, ...). Load from other
 * processes on a shared machine then falls on all contenders alike, and medians are compared.
 */
final class Interleaved {
  private Interleaved() {}

  /** One run of a contender; returns its duration in milliseconds. */
  @FunctionalInterface
  interface Run {
    double millis() throws Exception;
  }

  /** Work to time from outside. */
  @FunctionalInterface
  interface Work {
    void run() throws Exception;
  }

  record Contender(String key, Run run) {}

  static Contender timed(String key, Work work) {
    return new Contender(
        key,
        () -> {
          long start = System.nanoTime();
          work.run();
          return (System.nanoTime() - start) / 1e6;
        });
  }

  /** Milliseconds of each timed run, per contender key, in round order. */
  static Map<String, double[]> time(List<Contender> contenders, int rounds) throws Exception {
    for (Contender contender : contenders) {
      contender.run().millis();
    }
    Map<String, double[]> times = new LinkedHashMap<>();
    for (Contender contender : contenders) {
      times.put(contender.key(), new double[rounds]);
    }
    int count = contenders.size();
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < count; i++) {
        Contender contender = contenders.get((round + i) % count);
        times.get(contender.key())[round] = contender.run().millis();
      }
    }
    return times;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
