package io.github.solrneural.load;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Samples this process's resident memory from /proc/self/status (VmRSS, split into RssAnon and
 * RssFile) at a fixed period, with the heap in use after the last collection and the thread
 * counts (Java threads, and all threads, native ones included), which tell a Java leak from a
 * native one.
 */
final class MemorySampler implements AutoCloseable {
  private static final Path STATUS = Path.of("/proc/self/status");

  /** One sample; memory in MiB. */
  record Sample(
      double seconds,
      long rssMb,
      long rssAnonMb,
      long rssFileMb,
      long heapAfterGcMb,
      int javaThreads,
      long threads) {}

  private final long startNanos;
  private final Consumer<Sample> listener;
  private final List<Sample> samples = new ArrayList<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "load-memory-sampler");
            thread.setDaemon(true);
            return thread;
          });

  /** Takes a first sample now and then one every period, telling each to the listener. */
  MemorySampler(long periodSeconds, Consumer<Sample> listener) {
    this.startNanos = System.nanoTime();
    this.listener = listener;
    timer.scheduleAtFixedRate(this::sample, 0, periodSeconds, TimeUnit.SECONDS);
  }

  synchronized void sample() {
    try {
      List<String> lines = Files.readAllLines(STATUS);
      Sample sample =
          new Sample(
              (System.nanoTime() - startNanos) / 1e9,
              kibField(lines, "VmRSS:") / 1024,
              kibField(lines, "RssAnon:") / 1024,
              kibField(lines, "RssFile:") / 1024,
              heapAfterLastGc() >> 20,
              ManagementFactory.getThreadMXBean().getThreadCount(),
              field(lines, "Threads:"));
      samples.add(sample);
      listener.accept(sample);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + STATUS + " (the load test needs Linux)", e);
    }
  }

  synchronized List<Sample> samples() {
    return new ArrayList<>(samples);
  }

  private static long kibField(List<String> lines, String name) {
    return field(lines, name);
  }

  /** The first number of a line of /proc/self/status. */
  private static long field(List<String> lines, String name) {
    for (String line : lines) {
      if (line.startsWith(name)) {
        return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
      }
    }
    throw new IllegalStateException(STATUS + " has no " + name);
  }

  /** Heap in use just after the latest collection: the live data, without the garbage. */
  private static long heapAfterLastGc() {
    com.sun.management.GcInfo latest = null;
    for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (bean instanceof com.sun.management.GarbageCollectorMXBean) {
        com.sun.management.GcInfo info =
            ((com.sun.management.GarbageCollectorMXBean) bean).getLastGcInfo();
        if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
          latest = info;
        }
      }
    }
    if (latest == null) {
      return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage afterGc = latest.getMemoryUsageAfterGc().get(pool.getName());
      if (pool.getType() == MemoryType.HEAP && afterGc != null) {
        used += afterGc.getUsed();
      }
    }
    return used;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
