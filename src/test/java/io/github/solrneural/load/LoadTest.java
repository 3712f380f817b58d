package io.github.solrneural.load;

import com.google.gson.GsonBuilder;
import io.github.solrneural.chunk.RecursiveTextSplitter;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.SolrClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * Load test: a 2-node SolrCloud on loopback in this JVM (fixed heap), 8 query clients running KNN
 * by text plus a cross-encoder rerank and 1 indexing client, for a set time. It prints requests
 * served, errors, latency percentiles and this process's resident memory every 10 s, then checks
 * that the index holds exactly the acknowledged documents, each chunk with its vector. Exits 1 if
 * any check fails. Options are system properties (see docs/operations.md, "Load test").
 */
public final class LoadTest {
  static final String COLLECTION = "load";
  private static final long REQUEST_TIMEOUT_SECONDS = 120;
  /** Attempts at a batch under the fault: sent again, a second apart, while a leader is elected. */
  private static final int UPDATE_ATTEMPTS_UNDER_FAULT = 30;
  /** How long the run waits, after the clients, for the restarted node's replicas to recover. */
  private static final long FAULT_JOIN_SECONDS = 360;

  private LoadTest() {}

  /** The run's settings, from system properties. */
  record Options(
      int seconds,
      int warmupSeconds,
      int sampleSeconds,
      int queryClients,
      QueryClient.Shape shape,
      int indexBatch,
      int commitWithinMillis,
      int seedDocuments,
      int maxQueuedInferences,
      int shards,
      int replicas,
      double maxRssGrowth,
      String fault,
      Path dataset,
      Path out) {
    static Options fromSystemProperties(Path project) {
      int seconds = intOption("load.seconds", 300);
      return new Options(
          seconds,
          intOption("load.warmupSeconds", Math.min(60, seconds / 5)),
          intOption("load.sampleSeconds", 10),
          intOption("load.queryClients", 8),
          new QueryClient.Shape(
              intOption("load.topK", 10), intOption("load.reRankDocs", 10), intOption("load.rows", 3)),
          intOption("load.indexBatch", 10),
          intOption("load.commitWithinMillis", 5000),
          intOption("load.seedDocuments", 100),
          intOption("load.maxQueuedInferences", 32),
          intOption("load.shards", 2),
          intOption("load.replicas", 2),
          Double.parseDouble(option("load.maxRssGrowth", "0.05")),
          faultOption(),
          Path.of(option("load.dataset", project.resolve("../shared/datasets/scifact").toString()))
              .toAbsolutePath().normalize(),
          Path.of(option("load.out", DemoModels.buildDir().resolve("load/load-report.json").toString()))
              .toAbsolutePath());
    }
  }

  /** {@code load.fault}: "none", or "restart" (stop a node at 1/3 of the run, start it at 2/3). */
  private static String faultOption() {
    String fault = option("load.fault", "none");
    if (!List.of("none", "restart").contains(fault)) {
      throw new IllegalArgumentException(
          "load.fault must be 'none' or 'restart', not '" + fault + "'");
    }
    return fault;
  }

  public static void main(String[] args) throws Exception {
    Path project = DemoModels.projectDir();
    Options options = Options.fromSystemProperties(project);
    LoadCorpus corpus = LoadCorpus.open(options.dataset());
    // Queues long enough for everything the clients can have in flight (per query, one embedding
    // and one rerank pass per shard at a time; plus the indexer), so any 503 is a finding.
    Path configset =
        NeuralCluster.configsetWithModelSettings(
            DemoModels.buildDir().resolve("load-conf"),
            Map.of(
                "minilm", Map.of("maxQueuedInferences", String.valueOf(options.maxQueuedInferences())),
                "reranker", Map.of("maxQueuedInferences", String.valueOf(options.maxQueuedInferences()))));
    RecursiveTextSplitter splitter = LoadSetup.chunkSplitter(configset.resolve("solrconfig.xml"));
    Path baseDir = DemoModels.buildDir().resolve("load-solr");
    LoadSetup.deleteRecursively(baseDir);

    MiniSolrCloudCluster cluster = NeuralCluster.start(baseDir, 2, 0, configset);
    int status = 1;
    try {
      status = run(cluster, options, corpus, splitter);
    } catch (Exception e) {
      e.printStackTrace(); // before the shutdown, whose own failure must not hide it
    } finally {
      try {
        cluster.shutdown();
      } catch (Exception e) {
        System.err.println("the cluster's shutdown failed: " + e);
      }
    }
    System.exit(status);
  }

  private static int run(
      MiniSolrCloudCluster cluster, Options options, LoadCorpus corpus, RecursiveTextSplitter splitter)
      throws Exception {
    List<String> nodeUrls = new ArrayList<>();
    for (JettySolrRunner jetty : cluster.getJettySolrRunners()) {
      nodeUrls.add(jetty.getBaseUrl().toString());
    }
    LoadSetup.awaitHealthy(nodeUrls, 120);
    NeuralCluster.createCollection(
        cluster.getSolrClient(), cluster, COLLECTION, options.shards(), options.replicas());
    List<SolrClient> clients = new ArrayList<>();
    try {
      List<SolrClient> indexingNodes = new ArrayList<>();
      for (String url : nodeUrls) {
        indexingNodes.add(open(url, clients));
      }
      int dimension = LoadSetup.embedderDimension(indexingNodes.get(0));

      RequestStats seedStats = new RequestStats();
      boolean restarting = options.fault().equals("restart");
      IndexingClient indexer =
          new IndexingClient(indexingNodes, COLLECTION, corpus, splitter, options.indexBatch(),
              options.commitWithinMillis(), restarting ? UPDATE_ATTEMPTS_UNDER_FAULT : 1);
      while (indexer.acknowledged().size() < options.seedDocuments() && seedStats.errors() == 0) {
        indexer.sendBatch(seedStats);
      }
      indexingNodes.get(0).commit(COLLECTION);
      int seeded = indexer.acknowledged().size();
      System.out.printf(Locale.ROOT, "seeded %d documents; load for %d s (warm-up %d s)%n",
          seeded, options.seconds(), options.warmupSeconds());

      long third = TimeUnit.SECONDS.toNanos(options.seconds()) / 3;
      // Whichever node is stopped, the final commit and the checks come after its recovery.
      NodeRestart restart =
          restarting
              ? new NodeRestart(cluster, List.of(COLLECTION, ProbeClient.COLLECTION),
                  options.shards(), options.replicas(), third, 2 * third)
              : null;
      Supplier<Phase> phase = restart == null ? () -> Phase.BEFORE : restart::phase;
      PhasedStats queryStats = new PhasedStats(phase);
      PhasedStats updateStats = new PhasedStats(phase);
      PhasedStats probeStats = new PhasedStats(phase);
      ProbeClient probe =
          restarting
              ? ProbeClient.prepare(cluster, indexingNodes, corpus, options.shape(), options.shards(),
                  options.replicas(), probeStats)
              : null;
      long start = System.nanoTime();
      TimedRun timed = runClients(options, start, restart, probe, corpus, nodeUrls, clients,
          indexer, queryStats, updateStats);

      IndexCheck check = new IndexCheck(indexingNodes.get(0), COLLECTION, dimension, indexer::batchOf);
      if (timed.stoppedInTime()) {
        indexingNodes.get(0).commit(COLLECTION);
        check.checkDocuments(indexer.acknowledged(), indexer.unacknowledged());
        check.checkReplicas(cluster.getSolrClient().getClusterState().getCollection(COLLECTION),
            indexer.acknowledged(), indexer.unacknowledged());
      } else {
        check.notChecked("clients were still sending when the run gave up on them");
      }

      FaultReport fault =
          restart == null ? null
              : new FaultReport(restart, probe, queryStats, updateStats, probeStats,
                  start + timed.nanos());
      LoadReport report =
          new LoadReport(options, corpus, timed.seconds(), seedStats, seeded, queryStats,
              updateStats, timed.memory(), check, indexer.unacknowledged().size(),
              LoadSetup.refusals(indexingNodes), timed.stoppedInTime(), nodeUrls, fault);
      report.print(System.out);
      Files.createDirectories(options.out().getParent());
      Files.writeString(options.out(),
          new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(report.toMap()));
      System.out.println("wrote " + options.out());
      return report.passed() ? 0 : 1;
    } finally {
      for (SolrClient client : clients) {
        client.close();
      }
    }
  }

  /** What the timed phase measured. */
  private record TimedRun(long nanos, boolean stoppedInTime, List<MemorySampler.Sample> memory) {
    double seconds() {
      return nanos / 1e9;
    }
  }

  /**
   * The timed phase: the query clients and the indexing client, one request in flight each, until
   * the deadline; then at most the request timeout (and a margin) for the last requests to end.
   */
  private static TimedRun runClients(Options options, long start, NodeRestart restart,
      ProbeClient probe, LoadCorpus corpus, List<String> nodeUrls, List<SolrClient> clients, IndexingClient indexer,
      RequestStats queryStats, RequestStats updateStats) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    MemorySampler memory =
        new MemorySampler(options.sampleSeconds(),
            sample -> System.out.printf(Locale.ROOT,
                "t=%5.1f s  queries %d (%d errors), updates %d (%d errors), VmRSS %d MB%n",
                sample.seconds(), queryStats.served(), queryStats.errors(),
                updateStats.served(), updateStats.errors(), sample.rssMb()));
    long deadline = start + TimeUnit.SECONDS.toNanos(options.seconds());
    for (int i = 0; i < options.queryClients(); i++) {
      List<SolrClient> nodes = new ArrayList<>();
      for (String url : nodeUrls) {
        nodes.add(open(url, clients));
      }
      threads.add(
          new Thread(
              new QueryClient(nodes, i % nodes.size(), COLLECTION, options.shards(),
                  corpus.queries(), options.shape(), 1000 + i, deadline, queryStats),
              "load-query-" + i));
    }
    threads.add(
        new Thread(
            () -> {
              while (System.nanoTime() < deadline) {
                indexer.sendBatch(updateStats);
              }
            },
            "load-indexing"));
    if (probe != null) {
      threads.add(new Thread(probe.until(deadline), "load-probe"));
    }
    Thread fault = restart == null ? null : new Thread(restart.startingAt(start), "load-fault");
    threads.forEach(Thread::start);
    if (fault != null) {
      fault.start();
    }
    boolean stoppedInTime = true;
    long joinLimit = deadline + TimeUnit.SECONDS.toNanos(REQUEST_TIMEOUT_SECONDS + 30);
    for (Thread thread : threads) {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinLimit - System.nanoTime())));
      stoppedInTime &= !thread.isAlive();
    }
    long nanos = System.nanoTime() - start;
    if (fault != null) {
      fault.join(TimeUnit.SECONDS.toMillis(FAULT_JOIN_SECONDS)); // the restart reports if unfinished
    }
    memory.sample();
    memory.close();
    if (!stoppedInTime) {
      threads.forEach(Thread::interrupt);
    }
    return new TimedRun(nanos, stoppedInTime, memory.samples());
  }

  private static SolrClient open(String url, List<SolrClient> opened) {
    SolrClient client =
        SolrClients.http(url, 15, REQUEST_TIMEOUT_SECONDS);
    opened.add(client);
    return client;
  }

  static int intOption(String name, int fallback) {
    String value = option(name, "");
    return value.isEmpty() ? fallback : Integer.parseInt(value);
  }

  static String option(String name, String fallback) {
    String value = System.getProperty(name, "").trim();
    return value.isEmpty() ? fallback : value;
  }
}
