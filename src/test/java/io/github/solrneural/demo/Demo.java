package io.github.solrneural.demo;

import com.google.gson.Gson;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.SolrjQuery;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

/**
 * The retrieve-then-rerank demo in a real Solr: indexes the 2022 State of the Union in 500-character
 * chunks and asks the configset's /semantic handler, which takes the 20 chunks nearest to the query
 * by KNN, reranks them with the cross-encoder blended with the KNN score (the operator the configset
 * recommends for the demo's small, domain-specific cross-encoder) and keeps the top 3. Options:
 * -Ddemo.once=true (print one JSON line per hit and exit), -Ddemo.query=..., -Ddemo.port=8983,
 * -Ddemo.embedder=bge-small-en-v1.5 (or e5-small-v2, bge-small-zh-v1.5; see {@link DemoEmbedder}).
 */
public final class Demo {
  static final String COLLECTION = "neural";
  static final String DOCUMENT_ID = "state_of_the_union";
  static final String SEMANTIC_HANDLER = "/semantic";

  private Demo() {}

  public static void main(String[] args) throws Exception {
    boolean once = Boolean.getBoolean("demo.once");
    String portProperty = System.getProperty("demo.port", "").trim();
    int port = portProperty.isEmpty() ? (once ? 0 : 8983) : Integer.parseInt(portProperty);
    DemoEmbedder embedder = DemoEmbedder.named(System.getProperty("demo.embedder", "all-minilm-l6-v2"));
    Path baseDir = DemoModels.buildDir().resolve("demo-solr");
    deleteRecursively(baseDir);
    Path configset = embedder.configset(DemoModels.buildDir().resolve("demo-configset"));
    System.err.println("Embedder: " + embedder.known.option + ", declared as " + embedder.modelName());
    String asked = System.getProperty("demo.query", "").trim();
    String query = asked.isEmpty() ? embedder.document().question() : asked;

    MiniSolrCloudCluster cluster = NeuralCluster.start(baseDir, 1, port, configset);
    int status = 1;
    try {
      SolrClient client = cluster.getSolrClient();
      NeuralCluster.createCollection(client, cluster, COLLECTION, 1, 1);
      indexDemoDocument(client, embedder.document());
      QueryResponse response = client.query(COLLECTION, seedQuery(query));
      for (SolrDocument hit : response.getResults()) {
        System.out.println(jsonLine(hit));
      }
      status = 0;
      if (!once) {
        String base = cluster.getJettySolrRunner(0).getBaseUrl().toString();
        System.out.println();
        System.out.println("Solr is serving at " + base + " (Ctrl-C stops it). Try:");
        System.out.println(
            "  curl '" + base + "/" + COLLECTION + "/semantic?q="
                + URLEncoder.encode(query, StandardCharsets.UTF_8) + "'");
        Thread.currentThread().join();
      }
    } finally {
      cluster.shutdown();
    }
    System.exit(status);
  }

  static void indexDemoDocument(SolrClient client, DemoEmbedder.Document document)
      throws Exception {
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", document.id());
    doc.setField("title", document.title());
    doc.setField("text", document.text());
    client.add(COLLECTION, doc);
    client.commit(COLLECTION);
  }

  /**
   * The question as a client would ask it: /semantic's defaults (solrconfig.xml) give the KNN top 20,
   * the blended rerank, 3 rows and the fields, so only the text is sent.
   */
  static SolrjQuery seedQuery(String text) {
    SolrjQuery query = new SolrjQuery(text);
    query.setRequestHandler(SEMANTIC_HANDLER);
    return query;
  }

  private static String jsonLine(SolrDocument hit) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("id", hit.getFieldValue("id"));
    line.put("score", hit.getFieldValue("score"));
    line.put("text", hit.getFieldValue("chunk_text"));
    return new Gson().toJson(line);
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
