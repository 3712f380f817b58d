package io.github.solrneural.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one load run, the checks on them, and their readable and JSON forms. */
final class LoadReport {
  private final LoadTest.Options options;
  private final LoadCorpus corpus;
  private final double seconds;
  private final Map<String, Object> seed;
  private final Map<String, Object> queries;
  private final Map<String, Object> updates;
  private final List<MemorySampler.Sample> memory;
  private final IndexCheck index;
  private final long unacknowledged;
  private final int seededDocuments;
  private final Map<String, Object> refusals;
  private final boolean stoppedInTime;
  private final List<String> nodes;
  private final FaultReport fault;
  private final Map<String, Object> heap = LoadSetup.heap();
  private final Map<String, Object> rss = new LinkedHashMap<>();
  private final Map<String, Boolean> checks = new LinkedHashMap<>();

  LoadReport(LoadTest.Options options, LoadCorpus corpus, double seconds, RequestStats seed,
      int seededDocuments, RequestStats queries, RequestStats updates,
      List<MemorySampler.Sample> memory,
      IndexCheck index, long unacknowledged, Map<String, Object> refusals, boolean stoppedInTime,
      List<String> nodes, FaultReport fault) {
    this.options = options;
    this.corpus = corpus;
    this.seconds = seconds;
    this.seed = seed.summary(seconds);
    this.seededDocuments = seededDocuments;
    this.queries = queries.summary(seconds);
    this.updates = updates.summary(seconds);
    this.memory = memory;
    this.index = index;
    this.unacknowledged = unacknowledged;
    this.refusals = refusals;
    this.stoppedInTime = stoppedInTime;
    this.nodes = nodes;
    this.fault = fault;
    evaluate();
  }

  private void evaluate() {
    checks.put("heap is fixed (-Xms = -Xmx)", heap.get("init_mb").equals(heap.get("max_mb")));
    if (fault == null) {
      long errors = (long) seed.get("errors") + (long) queries.get("errors") + (long) updates.get("errors");
      // A failover means a node gave no HTTP answer: with both nodes up, as bad as an error.
      long failovers = (long) queries.get("failovers") + (long) updates.get("failovers");
      checks.put("0 errors, 0 failovers (any answer but a 200 with a full page counts)",
          errors + failovers == 0);
    } else {
      checks.put("seeding: 0 errors", (long) seed.get("errors") == 0);
      checks.putAll(fault.checks());
    }
    checks.put("queries and updates were served",
        (int) queries.get("served") > 0 && (int) updates.get("served") > 0);
    checks.put("no inference refused", refusals.values().stream()
        .allMatch(value -> value instanceof Number && ((Number) value).longValue() == 0));
    checks.put("clients stopped in time", stoppedInTime);
    checks.put("index and each replica hold exactly the acknowledged documents, each chunk with"
        + " its vector; replicas agree", index.problems().isEmpty());

    MemorySampler.Sample warm =
        memory.stream()
            .filter(sample -> sample.seconds() >= options.warmupSeconds() - 0.5)
            .findFirst()
            .orElse(null);
    MemorySampler.Sample last = memory.get(memory.size() - 1);
    boolean growthOk = false;
    if (warm != null && warm != last) {
      double growth = (double) (last.rssMb() - warm.rssMb()) / warm.rssMb();
      rss.put("after_warmup_mb", warm.rssMb());
      rss.put("after_warmup_at_s", RequestStats.round(warm.seconds(), 1));
      rss.put("end_mb", last.rssMb());
      rss.put("end_at_s", RequestStats.round(last.seconds(), 1));
      rss.put("growth", RequestStats.round(growth, 4));
      rss.put("max_after_warmup_mb",
          memory.stream().filter(s -> s.seconds() >= warm.seconds())
              .mapToLong(MemorySampler.Sample::rssMb).max().orElse(0));
      growthOk = growth <= options.maxRssGrowth();
    } else {
      rss.put("problem", "no sample after a warm-up of " + options.warmupSeconds() + " s");
    }
    checks.put(String.format(Locale.ROOT, "resident memory grows by at most %.0f%% after warm-up",
        options.maxRssGrowth() * 100), growthOk);
  }

  boolean passed() {
    return checks.values().stream().allMatch(Boolean::booleanValue);
  }

  void print(PrintStream out) {
    out.println();
    out.println("== Solr Neural load test ==");
    out.printf(Locale.ROOT, "cluster: %d nodes on loopback %s; collection '%s': %d shards x %d replicas%n",
        nodes.size(), nodes, LoadTest.COLLECTION, options.shards(), options.replicas());
    out.printf(Locale.ROOT, "JVM heap: init %s MB, max %s MB, flags %s; environment %s%n",
        heap.get("init_mb"), heap.get("max_mb"), heap.get("flags"), heap.get("environment"));
    out.printf(Locale.ROOT, "corpus: %s (%d documents, %d questions)%n",
        corpus.description(), corpus.size(), corpus.queries().size());
    out.printf(Locale.ROOT,
        "clients: %d query (KNN topK=%d + rerank reRankDocs=%d per shard, rows=%d), 1 indexing"
            + " (%d documents per request, commitWithin %d ms), one request at a time each%n",
        options.queryClients(), options.shape().topK(), options.shape().reRankDocs(),
        options.shape().rows(), options.indexBatch(), options.commitWithinMillis());
    out.printf(Locale.ROOT, "duration: %.1f s (warm-up %d s), after seeding %d documents%n",
        seconds, options.warmupSeconds(), seededDocuments);
    out.println();
    out.printf(Locale.ROOT, "%-8s %8s %7s %8s %9s %9s %9s %9s%n",
        "requests", "served", "errors", "per s", "p50 ms", "p95 ms", "p99 ms", "max ms");
    printRow(out, "query", queries);
    printRow(out, "update", updates);
    out.printf(Locale.ROOT, "failovers (no HTTP answer from a node, sent to the other): query %d,"
        + " update %d%n", queries.get("failovers"), updates.get("failovers"));
    for (Map<String, Object> stats : List.of(queries, updates, seed)) {
      @SuppressWarnings("unchecked")
      Map<String, Long> kinds = (Map<String, Long>) stats.get("error_kinds");
      kinds.forEach((kind, count) -> out.printf(Locale.ROOT, "  error x%d: %s%n", count, kind));
    }
    out.printf(Locale.ROOT, "inferences refused by model: %s%n", refusals);
    out.println();
    out.printf(Locale.ROOT, "memory every %d s (MB): %7s %8s %8s %14s %14s%n",
        options.sampleSeconds(), "VmRSS", "RssAnon", "RssFile", "heap after GC",
        "threads (Java)");
    for (MemorySampler.Sample sample : memory) {
      out.printf(Locale.ROOT, "  t=%6.1f s %18d %8d %8d %14d %8d (%d)%n", sample.seconds(),
          sample.rssMb(), sample.rssAnonMb(), sample.rssFileMb(), sample.heapAfterGcMb(),
          sample.threads(), sample.javaThreads());
    }
    if (rss.containsKey("growth")) {
      out.printf(Locale.ROOT, "RSS after warm-up %d MB (t=%s s) -> end %d MB (t=%s s): %+.2f%% (max %d MB)%n",
          rss.get("after_warmup_mb"), rss.get("after_warmup_at_s"), rss.get("end_mb"),
          rss.get("end_at_s"), (double) rss.get("growth") * 100, rss.get("max_after_warmup_mb"));
    } else {
      out.println("RSS: " + rss.get("problem"));
    }
    if (fault != null) {
      fault.print(out);
    }
    out.println();
    out.println("index: " + index.figures());
    if (unacknowledged > 0) {
      out.println("documents of failed update requests (may or may not be indexed): " + unacknowledged);
    }
    index.problems().forEach(problem -> out.println("  problem: " + problem));
    out.println();
    checks.forEach((check, ok) -> out.printf(Locale.ROOT, "%s  %s%n", ok ? "PASS" : "FAIL", check));
    out.println(passed() ? "RESULT: PASS" : "RESULT: FAIL");
  }

  private static void printRow(PrintStream out, String name, Map<String, Object> stats) {
    out.printf(Locale.ROOT, "%-8s %8d %7d %8.2f %9.1f %9.1f %9.1f %9.1f%n", name,
        stats.get("served"), stats.get("errors"), stats.get("per_second"),
        stats.get("latency_ms_p50"), stats.get("latency_ms_p95"), stats.get("latency_ms_p99"),
        stats.get("latency_ms_max"));
  }

  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("passed", passed());
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("seconds", options.seconds());
    settings.put("warmup_seconds", options.warmupSeconds());
    settings.put("sample_seconds", options.sampleSeconds());
    settings.put("query_clients", options.queryClients());
    settings.put("top_k_per_shard", options.shape().topK());
    settings.put("rerank_docs_per_shard", options.shape().reRankDocs());
    settings.put("rows", options.shape().rows());
    settings.put("query_example",
        java.net.URLDecoder.decode(QueryClient.request("<question>", options.shape()).toString(),
            java.nio.charset.StandardCharsets.UTF_8));
    settings.put("index_batch", options.indexBatch());
    settings.put("commit_within_ms", options.commitWithinMillis());
    settings.put("max_queued_inferences", options.maxQueuedInferences());
    settings.put("shards", options.shards());
    settings.put("replicas", options.replicas());
    settings.put("max_rss_growth", options.maxRssGrowth());
    settings.put("fault", options.fault());
    settings.put("corpus", corpus.description());
    settings.put("nodes", nodes);
    settings.put("heap", heap);
    map.put("settings", settings);
    map.put("elapsed_seconds", RequestStats.round(seconds, 1));
    map.put("seeded_documents", seededDocuments);
    map.put("seed_updates", seed);
    map.put("queries", queries);
    map.put("updates", updates);
    map.put("inferences_refused", refusals);
    map.put("rss", rss);
    List<Map<String, Object>> samples = new ArrayList<>();
    for (MemorySampler.Sample sample : memory) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("t_s", RequestStats.round(sample.seconds(), 1));
      entry.put("vm_rss_mb", sample.rssMb());
      entry.put("rss_anon_mb", sample.rssAnonMb());
      entry.put("rss_file_mb", sample.rssFileMb());
      entry.put("heap_after_gc_mb", sample.heapAfterGcMb());
      entry.put("threads", sample.threads());
      entry.put("java_threads", sample.javaThreads());
      samples.add(entry);
    }
    map.put("memory_samples", samples);
    if (fault != null) {
      map.put("fault", fault.toMap());
    }
    map.put("index", index.figures());
    map.put("index_problems", index.problems());
    map.put("documents_of_failed_updates", unacknowledged);
    map.put("checks", checks);
    return map;
  }
}
