package io.github.solrneural.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JVM's resident memory (VmRSS of /proc/self/status), which counts what ONNX Runtime holds
 * outside the Java heap: a model's weights and the buffers of its forward passes.
 */
final class ResidentMemory {
  private static final Path STATUS = Path.of("/proc/self/status");
  /** How often the peak sampler reads VmRSS while work runs. */
  private static final long SAMPLE_MILLIS = 5;

  private ResidentMemory() {}

  static boolean available() {
    return Files.isReadable(STATUS);
  }

  /** Resident memory now, in bytes, after a garbage collection so Java's garbage counts less. */
  static long settled() throws IOException, InterruptedException {
    System.gc();
    Thread.sleep(200);
    return now();
  }

  static long now() throws IOException {
    for (String line : Files.readAllLines(STATUS)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS in " + STATUS);
  }

  /**
   * The highest resident memory seen while the work runs, sampled every few milliseconds (VmHWM
   * cannot be reset without privileges some containers withhold).
   */
  static long peakDuring(Interleaved.Work work) throws Exception {
    AtomicLong peak = new AtomicLong(now());
    Thread sampler =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  peak.accumulateAndGet(now(), Math::max);
                  Thread.sleep(SAMPLE_MILLIS);
                }
              } catch (IOException | InterruptedException e) {
                // the work is over
              }
            },
            "rss-sampler");
    sampler.setDaemon(true);
    sampler.start();
    try {
      work.run();
    } finally {
      sampler.interrupt();
      sampler.join();
    }
    return Math.max(peak.get(), now());
  }

  static double megabytes(long bytes) {
    return Report.round(bytes / (1024.0 * 1024.0), 0);
  }
}
