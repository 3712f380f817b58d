package io.github.solrneural.load;

import com.google.gson.GsonBuilder;
import io.github.solrneural.chunk.RecursiveTextSplitter;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.impl.Http2SolrClient;
import org.apache.solr.client.solrj.request.GenericSolrRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * Load test: a 2-node SolrCloud on loopback in this JVM (fixed heap), 8 query clients running KNN
 * by text plus a cross-encoder rerank and 1 indexing client, for a set time. It prints requests
 * served, errors, latency percentiles and this process's resident memory every 10 s, then checks
 * that the index holds exactly the acknowledged documents, each chunk with its vector. Exits 1 if
 * any check fails. Options are system properties (see README, "Load test").
 */
public final class LoadTest {
  static final String COLLECTION = "load";
  private static final long REQUEST_TIMEOUT_SECONDS = 120;

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
          Path.of(option("load.dataset", project.resolve("../shared/datasets/scifact").toString()))
              .toAbsolutePath().normalize(),
          Path.of(option("load.out", project.resolve("target/load/load-report.json").toString()))
              .toAbsolutePath());
    }
  }

  public static void main(String[] args) throws Exception {
    Path project = DemoModels.projectDir();
    Options options = Options.fromSystemProperties(project);
    LoadCorpus corpus = LoadCorpus.open(options.dataset());
    // Queues long enough for everything the clients can have in flight (per query, one embedding
    // and one rerank pass per shard at a time; plus the indexer), so any 503 is a finding.
    Path configset =
        NeuralCluster.configsetWithModelSettings(
            project.resolve("target/load-conf"),
            Map.of(
                "minilm", Map.of("maxQueuedInferences", String.valueOf(options.maxQueuedInferences())),
                "reranker", Map.of("maxQueuedInferences", String.valueOf(options.maxQueuedInferences()))));
    RecursiveTextSplitter splitter = chunkSplitter(configset.resolve("solrconfig.xml"));
    Path baseDir = project.resolve("target/load-solr");
    deleteRecursively(baseDir);

    MiniSolrCloudCluster cluster = NeuralCluster.start(baseDir, 2, 0, configset);
    int status;
    try {
      status = run(cluster, options, corpus, splitter);
    } finally {
      cluster.shutdown();
    }
    System.exit(status);
  }

  private static int run(
      MiniSolrCloudCluster cluster, Options options, LoadCorpus corpus, RecursiveTextSplitter splitter)
      throws Exception {
    NeuralCluster.createCollection(
        cluster.getSolrClient(), cluster, COLLECTION, options.shards(), options.replicas());
    List<SolrClient> clients = new ArrayList<>();
    try {
      List<String> nodeUrls = new ArrayList<>();
      for (JettySolrRunner jetty : cluster.getJettySolrRunners()) {
        nodeUrls.add(jetty.getBaseUrl().toString());
      }
      List<SolrClient> indexingNodes = new ArrayList<>();
      for (String url : nodeUrls) {
        indexingNodes.add(open(url, clients));
      }
      int dimension = embedderDimension(indexingNodes.get(0));

      RequestStats seedStats = new RequestStats();
      IndexingClient indexer =
          new IndexingClient(indexingNodes, COLLECTION, corpus, splitter, options.indexBatch(),
              options.commitWithinMillis());
      while (indexer.acknowledged().size() < options.seedDocuments() && seedStats.errors() == 0) {
        indexer.sendBatch(seedStats);
      }
      indexingNodes.get(0).commit(COLLECTION);
      int seeded = indexer.acknowledged().size();
      System.out.printf(Locale.ROOT, "seeded %d documents; load for %d s (warm-up %d s)%n",
          seeded, options.seconds(), options.warmupSeconds());

      RequestStats queryStats = new RequestStats();
      RequestStats updateStats = new RequestStats();
      TimedRun timed =
          runClients(options, corpus, nodeUrls, clients, indexer, queryStats, updateStats);

      IndexCheck check = new IndexCheck(indexingNodes.get(0), COLLECTION);
      if (timed.stoppedInTime()) {
        indexingNodes.get(0).commit(COLLECTION);
        check.checkDocuments(indexer.acknowledged(), dimension);
        check.checkReplicas(cluster.getSolrClient().getClusterState().getCollection(COLLECTION));
      } else {
        check.notChecked("clients were still sending when the run gave up on them");
      }

      LoadReport report =
          new LoadReport(options, corpus, timed.seconds(), seedStats, seeded, queryStats,
              updateStats, timed.memory(), check, indexer.unacknowledged(),
              refusals(indexingNodes), timed.stoppedInTime(), nodeUrls);
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
  private record TimedRun(double seconds, boolean stoppedInTime, List<MemorySampler.Sample> memory) {}

  /**
   * The timed phase: the query clients and the indexing client, one request in flight each, until
   * the deadline; then at most the request timeout (and a margin) for the last requests to end.
   */
  private static TimedRun runClients(Options options, LoadCorpus corpus, List<String> nodeUrls,
      List<SolrClient> clients, IndexingClient indexer, RequestStats queryStats,
      RequestStats updateStats) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    MemorySampler memory =
        new MemorySampler(options.sampleSeconds(),
            sample -> System.out.printf(Locale.ROOT,
                "t=%5.1f s  queries %d (%d errors), updates %d (%d errors), VmRSS %d MB%n",
                sample.seconds(), queryStats.served(), queryStats.errors(),
                updateStats.served(), updateStats.errors(), sample.rssMb()));
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(options.seconds());
    for (int i = 0; i < options.queryClients(); i++) {
      SolrClient node = open(nodeUrls.get(i % nodeUrls.size()), clients);
      threads.add(
          new Thread(
              new QueryClient(node, COLLECTION, corpus.queries(), options.shape(), 1000 + i,
                  deadline, queryStats),
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
    threads.forEach(Thread::start);
    boolean stoppedInTime = true;
    long joinLimit = deadline + TimeUnit.SECONDS.toNanos(REQUEST_TIMEOUT_SECONDS + 30);
    for (Thread thread : threads) {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinLimit - System.nanoTime())));
      stoppedInTime &= !thread.isAlive();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    memory.sample();
    memory.close();
    if (!stoppedInTime) {
      threads.forEach(Thread::interrupt);
    }
    return new TimedRun(seconds, stoppedInTime, memory.samples());
  }

  private static SolrClient open(String url, List<SolrClient> opened) {
    SolrClient client =
        new Http2SolrClient.Builder(url)
            .withConnectionTimeout(15, TimeUnit.SECONDS)
            .withIdleTimeout(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .withRequestTimeout(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .build();
    opened.add(client);
    return client;
  }

  /** The configured models of the collection, as /neural/models lists them. */
  @SuppressWarnings("unchecked")
  private static List<NamedList<Object>> models(SolrClient node) throws Exception {
    GenericSolrRequest request =
        new GenericSolrRequest(SolrRequest.METHOD.GET, "/neural/models", new ModifiableSolrParams());
    request.setRequiresCollection(true);
    return (List<NamedList<Object>>) node.request(request, COLLECTION).get("models");
  }

  private static int embedderDimension(SolrClient node) throws Exception {
    for (NamedList<Object> model : models(node)) {
      if ("minilm".equals(model.get("name"))) {
        return ((Number) model.get("outputDimension")).intValue();
      }
    }
    throw new IllegalStateException("the configset declares no model 'minilm'");
  }

  /** Inferences each model refused; the nodes of this JVM share the loaded models. */
  private static Map<String, Object> refusals(List<SolrClient> nodes) throws Exception {
    Map<String, Object> refused = new LinkedHashMap<>();
    for (NamedList<Object> model : models(nodes.get(0))) {
      refused.put((String) model.get("name"), model.get("rejectedInferences"));
    }
    return refused;
  }

  /** The splitter of the configset's default chain, so expected chunk counts match the server's. */
  private static RecursiveTextSplitter chunkSplitter(Path solrconfig) throws Exception {
    org.w3c.dom.Document xml =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(solrconfig.toFile());
    String processor =
        "//updateRequestProcessorChain[@default='true']/processor"
            + "[contains(@class,'ChunkingEmbeddingUpdateProcessorFactory')]";
    var xpath = XPathFactory.newInstance().newXPath();
    String size = xpath.evaluate(processor + "/int[@name='chunkSize']", xml).trim();
    String overlap = xpath.evaluate(processor + "/int[@name='chunkOverlap']", xml).trim();
    if (size.isEmpty() || overlap.isEmpty()) {
      throw new IllegalStateException(solrconfig + ": the default chain sets no chunkSize or chunkOverlap");
    }
    return new RecursiveTextSplitter(Integer.parseInt(size), Integer.parseInt(overlap));
  }

  static int intOption(String name, int fallback) {
    String value = option(name, "");
    return value.isEmpty() ? fallback : Integer.parseInt(value);
  }

  static String option(String name, String fallback) {
    String value = System.getProperty(name, "").trim();
    return value.isEmpty() ? fallback : value;
  }

  /** The JVM's heap settings and the environment of the native runtimes: the RSS depends on them. */
  static Map<String, Object> heap() {
    Map<String, Object> heap = new LinkedHashMap<>();
    var usage = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    heap.put("init_mb", usage.getInit() >> 20);
    heap.put("max_mb", usage.getMax() >> 20);
    List<String> flags = new ArrayList<>();
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("-Xm") || argument.startsWith("-XX:")) {
        flags.add(argument);
      }
    }
    heap.put("flags", flags);
    Map<String, String> environment = new LinkedHashMap<>();
    for (String name : List.of("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "MALLOC_ARENA_MAX", "OMP_NUM_THREADS")) {
      environment.put(name, System.getenv(name));
    }
    heap.put("environment", environment);
    return heap;
  }

  private static void deleteRecursively(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
