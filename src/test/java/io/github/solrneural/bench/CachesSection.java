package io.github.solrneural.bench;

import io.github.solrneural.eval.BeirDataset;
import io.github.solrneural.eval.BeirDataset.Document;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.PlainHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.solr.cloud.MiniSolrCloudCluster;

/**
 * Section caches: what the inference caches save, in a real Solr (one node, the shipped configset
 * and its default cache sizes, over HTTP). Starts Solr, indexes the SciFact candidates, and runs
 * each group of {@link #ROWS}, each with SciFact queries of its own.
 */
final class CachesSection {
  static final String COLLECTION = "bench_caches";
  /** The groups of rows, in order; add a measurement of the caches here. */
  static final List<Supplier<CachesRows>> ROWS = List.of(RepeatedQueryRows::new);

  private final BenchSettings settings;
  private final ScifactSample sample;
  private final Report report;

  CachesSection(BenchSettings settings, ScifactSample sample, Report report) {
    this.settings = settings;
    this.sample = sample;
    this.report = report;
  }

  Map<String, Object> run() throws Exception {
    Path baseDir = DemoModels.buildDir().resolve("bench-caches-solr");
    deleteRecursively(baseDir);
    MiniSolrCloudCluster cluster = NeuralCluster.start(baseDir, 1, 0);
    try {
      NeuralCluster.createCollection(cluster.getSolrClient(), cluster, COLLECTION, 1, 1);
      String nodeUrl = cluster.getJettySolrRunner(0).getBaseUrl().toString();
      index(nodeUrl);
      Map<String, Object> json = new LinkedHashMap<>();
      List<CachesRows> groups = ROWS.stream().map(Supplier::get).toList();
      List<String> queries = queries(groups.stream().mapToInt(CachesRows::queries).sum());
      int from = 0;
      for (CachesRows group : groups) {
        List<String> own = queries.subList(from, from += group.queries());
        group.measure(new CachesRows.Solr(nodeUrl, baseDir, sample, own, report), json);
      }
      return json;
    } finally {
      cluster.shutdown();
    }
  }

  private void index(String nodeUrl) throws Exception {
    StringBuilder docs = new StringBuilder("[");
    for (Document document : sample.candidates) {
      docs.append(docs.length() == 1 ? "" : ",").append("{\"id\":")
          .append(new com.google.gson.JsonPrimitive(document.id())).append(",\"text\":")
          .append(new com.google.gson.JsonPrimitive(ScifactSample.passage(document))).append('}');
    }
    PlainHttp.Answer answer = PlainHttp.postJson(nodeUrl, COLLECTION, "/update",
        Map.of("commit", "true"), docs.append(']').toString());
    if (answer.status() != 200) {
      throw new IllegalStateException("indexing failed: " + answer.json());
    }
  }

  /** Distinct SciFact query texts, in the dataset's order, enough for every group. */
  private List<String> queries(int needed) throws Exception {
    BeirDataset dataset = new BeirDataset(settings.dataset(), settings.qrels());
    List<String> queries = new ArrayList<>(new java.util.LinkedHashSet<>(dataset.queries.values()));
    if (queries.size() < needed) {
      throw new IllegalStateException(
          settings.dataset() + " has " + queries.size() + " queries, the section needs " + needed);
    }
    return queries.subList(0, needed);
  }

  private static void deleteRecursively(Path dir) throws Exception {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }
}
