package io.github.solrneural.bench;

import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.RagCorpus;
import io.github.solrneural.testing.SolrjQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;

/**
 * rag_results: chunk hits with their source document's title, through {@code [parent fl=...]}
 * (one lookup per shard for the whole page) against Solr's {@code [subquery]} (one search per
 * hit), side by side on the same page of a two-shard collection. Both give the same titles, which
 * is checked before timing. The query result cache is left out so the per-hit searches of
 * [subquery] are not served from it.
 */
final class RagResultsSection {
  private static final String COLLECTION = "rag_results";
  private static final int DOCUMENTS = 200;
  private static final int[] ROWS = {20, 100};
  /** Requests per timed run, so one run is long enough to time. */
  private static final int REQUESTS = 5;

  private final BenchSettings settings;
  private final Report report;

  RagResultsSection(BenchSettings settings, Report report) {
    this.settings = settings;
    this.report = report;
  }

  Map<String, Object> run() throws Exception {
    Path work = Files.createTempDirectory(Files.createDirectories(DemoModels.buildDir()), "bench-rag");
    Path configset = NeuralCluster.configsetVariant(work.resolve("conf"),
        config -> config.replaceAll("<queryResultCache[^>]*/>", ""));
    MiniSolrCloudCluster cluster = NeuralCluster.start(work.resolve("solr"), 1, 0, configset);
    Map<String, Object> figures = new LinkedHashMap<>();
    try {
      SolrClient client = cluster.getSolrClient();
      NeuralCluster.createCollection(client, cluster, COLLECTION, 2, 1);
      RagCorpus.index(client, COLLECTION, DOCUMENTS);
      figures.put("documents", DOCUMENTS);
      for (int rows : ROWS) {
        compare(client, rows, figures);
      }
    } finally {
      cluster.shutdown();
    }
    return figures;
  }

  private void compare(SolrClient client, int rows, Map<String, Object> figures) throws Exception {
    SolrjQuery parent = page(rows);
    // [subquery]'s documents pass the response writer's filter of the request's fl: title must
    // be there too (a chunk has none of its own). Both contenders ask for the same fl.
    parent.set("fl", "id,_root_,chunk_text,score,title,parent:[parent fl=title,id]");
    SolrjQuery subquery = page(rows);
    subquery.set("fl", "id,_root_,chunk_text,score,title,parent:[subquery]");
    subquery.set("parent.q", "{!term f=id v=$row._root_}");
    subquery.set("parent.fl", "title,id");
    subquery.set("parent.rows", "1");
    List<Object> viaParent = titles(client, parent, false);
    List<Object> viaSubquery = titles(client, subquery, true);
    if (viaParent.size() != rows || !viaParent.equals(viaSubquery)) {
      throw new IllegalStateException("[parent] and [subquery] disagree at rows=" + rows + ": "
          + viaParent + " vs " + viaSubquery);
    }
    Map<String, double[]> times = Interleaved.time(List.of(
        Interleaved.timed("parent", () -> repeat(client, parent)),
        Interleaved.timed("subquery", () -> repeat(client, subquery))), settings.rounds());
    double parentMillis = Interleaved.median(times.get("parent")) / REQUESTS;
    double subqueryMillis = Interleaved.median(times.get("subquery")) / REQUESTS;
    double ratio = subqueryMillis / parentMillis;
    String label = "rag_results: " + rows + " chunk hits + source title (2 shards, HTTP)";
    report.row(label, "[parent fl=title,id]: one lookup per shard", parentMillis,
        Report.format("%.0f hits/s", rows * 1000 / parentMillis),
        Report.times(ratio) + " the speed of [subquery]");
    report.row(label, "[subquery]: one search per hit", subqueryMillis,
        Report.format("%.0f hits/s", rows * 1000 / subqueryMillis), "");
    figures.put("parent_ms_rows" + rows, Report.round(parentMillis, 2));
    figures.put("subquery_ms_rows" + rows, Report.round(subqueryMillis, 2));
    figures.put("ratio_parent_speed_vs_subquery_rows" + rows, Report.round(ratio, 2));
  }

  private static SolrjQuery page(int rows) {
    SolrjQuery query = new SolrjQuery(RagCorpus.LEXICAL_QUERY);
    query.setRows(rows);
    return query;
  }

  private static void repeat(SolrClient client, SolrjQuery query) throws Exception {
    for (int i = 0; i < REQUESTS; i++) {
      client.query(COLLECTION, query);
    }
  }

  /** Each hit's source title, as the transformer returned it. */
  private static List<Object> titles(SolrClient client, SolrjQuery query, boolean subquery)
      throws Exception {
    List<Object> titles = new ArrayList<>();
    for (SolrDocument hit : client.query(COLLECTION, query).getResults()) {
      Object parent = hit.getFieldValue("parent");
      if (subquery) {
        SolrDocumentList found = (SolrDocumentList) parent;
        titles.add(found.isEmpty() ? null : found.get(0).getFieldValue("title"));
      } else {
        titles.add(((Map<?, ?>) parent).get("title"));
      }
    }
    return titles;
  }
}
