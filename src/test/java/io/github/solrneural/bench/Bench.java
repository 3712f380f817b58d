package io.github.solrneural.bench;

import ai.djl.engine.Engine;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.testing.DemoModels;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The performance benchmark (mvn -q -Pbench): the plugin's cross-encoder and embedder against their
 * peers and the hardware floor, through Solr, and how rerank cost grows. Every figure of one run
 * is measured side by side on the same machine, in rounds that interleave the contenders. Writes
 * a JSON file (bench.out) and prints a table. Options are system properties: see {@link
 * BenchSettings}.
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) {
    try {
      run();
    } catch (Throwable e) {
      // Solr's test logging takes over stderr: say why on stdout, where the table would be.
      System.out.println("bench failed: " + e);
      e.printStackTrace(System.out);
      System.exit(1);
    }
    System.exit(0);
  }

  @SuppressWarnings("unchecked")
  private static void run() throws Exception {
    long start = System.nanoTime();
    // PyTorch's threads are per JVM, fixed when the engine starts: the plugin's default per pass,
    // for every PyTorch contender alike (OpenMP threads over shared cores slow down badly), unless
    // bench.pytorchThreads asks for another count to compare.
    String pytorchThreads = System.getProperty("bench.pytorchThreads", "").trim();
    System.setProperty("ai.djl.pytorch.num_threads", pytorchThreads.isEmpty()
        ? Integer.toString(ModelSpec.defaultThreadsPerInference()) : pytorchThreads);
    BenchSettings settings = BenchSettings.fromSystemProperties();
    Report report = new Report();
    report.json.put("date", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
    report.json.put("machine", machine());
    report.json.put("settings", settings.describe());
    System.out.println("bench: " + settings.describe());

    Path embedderTokenizer = DemoModels.configsetEmbedderSpec().tokenizerFile();
    int embeddingWindow = Math.min(BenchSettings.MAX_LENGTH, EmbeddingSection.truncation(embedderTokenizer));
    ScifactSample sample = ScifactSample.load(
        settings, settings.reranker().resolve("tokenizer.json"), embedderTokenizer, embeddingWindow);
    if (settings.sections().contains("cross_encoder")) {
      ReducedPrecisionModels variants = ReducedPrecisionModels.prepare(settings, false);
      section(report, "cross_encoder", () -> new CrossEncoderSection(settings, sample, report).run(variants));
    }
    if (settings.sections().contains("threads")) {
      section(report, "threads", () -> new ThreadsSection(settings, sample, report).run());
    }
    if (settings.sections().contains("embedding")) {
      section(report, "embedding", () -> new EmbeddingSection(settings, sample, report).run());
    }
    if (settings.sections().contains("through_solr") || settings.sections().contains("scaling")) {
      SolrSection solr = new SolrSection(settings, sample, report);
      solr.run(report.json);
    }
    if (settings.sections().contains("base_reranker")) {
      section(report, "base_reranker", () -> new BaseRerankerSection(settings, sample, report).run());
    }
    if (settings.sections().contains("rag_results")) {
      section(report, "rag_results", () -> new RagResultsSection(settings, report).run());
    }
    if (settings.sections().contains("caches")) {
      section(report, "caches", () -> {
        Map<String, Object> figures = new CachesSection(settings, sample, report).run();
        figures.putAll(new ReindexMeasure(settings, report).run());
        return figures;
      });
    }
    if (settings.sections().contains("precision")) {
      precision(settings, report);
    }
    report.json.put("engines", engines());
    Path loadAverage = Path.of("/proc/loadavg");
    if (Files.isReadable(loadAverage)) {
      ((Map<String, Object>) report.json.get("machine")).put("load_average_at_end", Files.readString(loadAverage).trim());
    }
    report.json.put("seconds", Math.round((System.nanoTime() - start) / 1e9));
    report.print();
    report.write(settings.out());
    System.out.println("wrote " + settings.out() + " in " + report.json.get("seconds") + " s");
  }

  @FunctionalInterface
  interface Section {
    Map<String, Object> run() throws Exception;
  }

  private static void section(Report report, String name, Section section) throws Exception {
    long start = System.nanoTime();
    System.out.println("bench: " + name + "...");
    Map<String, Object> figures = section.run();
    figures.put("seconds", Math.round((System.nanoTime() - start) / 1e9));
    report.json.put(name, figures);
  }

  /** Puts its figures under cross_encoder/precision and embedding/precision. */
  @SuppressWarnings("unchecked")
  private static void precision(BenchSettings settings, Report report) throws Exception {
    long start = System.nanoTime();
    System.out.println("bench: precision...");
    ReducedPrecisionModels variants = ReducedPrecisionModels.prepare(settings, true);
    PrecisionSection section = new PrecisionSection(settings, report);
    Map<String, Object> crossEncoder = section.crossEncoder(variants);
    Map<String, Object> embedder = section.embedder();
    crossEncoder.put("seconds", Math.round((System.nanoTime() - start) / 1e9));
    ((Map<String, Object>) report.json.computeIfAbsent("cross_encoder", k -> new LinkedHashMap<>()))
        .put("precision", crossEncoder);
    ((Map<String, Object>) report.json.computeIfAbsent("embedding", k -> new LinkedHashMap<>()))
        .put("precision", embedder);
  }

  private static Map<String, Object> machine() throws Exception {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cpus", Runtime.getRuntime().availableProcessors());
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    machine.put("memory_gib", Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024)));
    Path cpuInfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuInfo)) {
      List<String> lines = Files.readAllLines(cpuInfo);
      for (String line : lines) {
        if (line.startsWith("model name")) {
          machine.put("cpu", line.substring(line.indexOf(':') + 1).trim());
        } else if (line.startsWith("flags")) {
          List<String> wanted = List.of("avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16", "amx_int8");
          machine.put("cpu_flags", java.util.Arrays.stream(line.substring(line.indexOf(':') + 1).trim().split(" "))
              .filter(wanted::contains).toList());
          break;
        }
      }
    }
    machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    Path loadAverage = Path.of("/proc/loadavg");
    if (Files.isReadable(loadAverage)) {
      // Other processes' load at the start: the contenders interleave, so it falls on all alike.
      machine.put("load_average_at_start", Files.readString(loadAverage).trim());
    }
    return machine;
  }

  private static Map<String, Object> engines() {
    Map<String, Object> engines = new LinkedHashMap<>();
    for (String name : List.of("OnnxRuntime", "PyTorch")) {
      try {
        engines.put(name, Engine.getEngine(name).getVersion());
      } catch (RuntimeException e) {
        engines.put(name, "not loaded");
      }
    }
    engines.put("djl", Engine.getDjlVersion());
    return engines;
  }
}
