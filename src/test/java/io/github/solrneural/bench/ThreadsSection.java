package io.github.solrneural.bench;

import io.github.solrneural.model.CrossEncoder;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelEngine;
import io.github.solrneural.model.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How to split the cores among forward passes, for a server that runs many requests at once: the
 * cross-encoder (ONNX Runtime) on the 20 pairs, alone and with one client per core sending requests
 * at once, for each split of maxConcurrentInferences x intraOpThreads. The default split is the
 * first; the last is what ONNX Runtime's own default threads with one pass per core would do.
 */
final class ThreadsSection {
  private static final int REQUESTS_PER_CLIENT = 3;

  private final BenchSettings settings;
  private final ScifactSample sample;
  private final Report report;

  ThreadsSection(BenchSettings settings, ScifactSample sample, Report report) {
    this.settings = settings;
    this.sample = sample;
    this.report = report;
  }

  Map<String, Object> run() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    List<String> passages = sample.mixedPassages();
    ModelSpec base = CrossEncoderSection.spec(settings.reranker(), ModelEngine.ONNX_RUNTIME, "");
    List<int[]> splits = new ArrayList<>();
    splits.add(new int[] {base.maxConcurrentInferences(), base.effectiveIntraOpThreads()});
    for (int[] split : new int[][] {{1, cores}, {cores, 1}, {cores, cores}}) {
      if (splits.stream().noneMatch(s -> s[0] == split[0] && s[1] == split[1])) {
        splits.add(split);
      }
    }
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("cores", cores);
    section.put("clients_at_once", cores);
    section.put("requests_per_client", REQUESTS_PER_CLIENT);
    section.put("default_split", key(splits.get(0)));
    List<LoadedModel> loaded = new ArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(cores);
    try {
      List<Interleaved.Contender> alone = new ArrayList<>();
      List<Interleaved.Contender> together = new ArrayList<>();
      for (int[] split : splits) {
        LoadedModel model = LoadedModel.load(base.toBuilder()
            .maxConcurrentInferences(split[0])
            .intraOpThreads(split[1])
            .build());
        loaded.add(model);
        CrossEncoder scorer = new CrossEncoder(model);
        alone.add(Interleaved.timed(key(split), () -> scorer.score(sample.query, passages)));
        together.add(Interleaved.timed(key(split), () -> {
          List<Future<?>> running = new ArrayList<>();
          for (int client = 0; client < cores; client++) {
            running.add(clients.submit(() -> {
              for (int request = 0; request < REQUESTS_PER_CLIENT; request++) {
                scorer.score(sample.query, passages);
              }
              return null;
            }));
          }
          for (Future<?> future : running) {
            future.get();
          }
        }));
      }
      Map<String, double[]> aloneTimes = Interleaved.time(alone, settings.rounds());
      Map<String, double[]> togetherTimes = Interleaved.time(together, Math.min(settings.rounds(), 3));
      String label = "threads: rerank 20 pairs (mixed lengths), OnnxRuntime fp32";
      double defaultAlone = Interleaved.median(aloneTimes.get(key(splits.get(0))));
      double defaultTogether = Interleaved.median(togetherTimes.get(key(splits.get(0))));
      for (int[] split : splits) {
        String key = key(split);
        double single = Interleaved.median(aloneTimes.get(key));
        double busy = Interleaved.median(togetherTimes.get(key));
        double pairsPerSecond = cores * REQUESTS_PER_CLIENT * passages.size() / busy * 1000;
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("max_concurrent_inferences", split[0]);
        figures.put("intra_op_threads", split[1]);
        figures.put("one_request_median_ms", Report.round(single, 1));
        figures.put("busy_pairs_per_second", Report.round(pairsPerSecond, 1));
        figures.put("ratio_default_latency_vs_this", Report.round(single / defaultAlone, 2));
        figures.put("ratio_default_busy_throughput_vs_this", Report.round(busy / defaultTogether, 2));
        section.put(key, figures);
        report.row(label, key + (split == splits.get(0) ? " (default)" : ""), single,
            Report.format("%.1f pairs/s busy", pairsPerSecond),
            split == splits.get(0) ? "" : Report.format("default: latency %s, busy throughput %s",
                Report.times(single / defaultAlone), Report.times(busy / defaultTogether)));
      }
    } finally {
      clients.shutdownNow();
      loaded.forEach(LoadedModel::close);
    }
    return section;
  }

  private static String key(int[] split) {
    return "concurrent_" + split[0] + "_x_threads_" + split[1];
  }
}
