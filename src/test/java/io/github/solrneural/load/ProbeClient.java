package io.github.solrneural.load;

import io.github.solrneural.testing.NeuralCluster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

/**
 * The probe of the fault form: a second collection, seeded once and never changed, asked the same
 * questions before, during and after the fault. With both nodes up, each question's page (ids in
 * order) is recorded through each node; a question whose pages differ there is left out as
 * unstable. From then on, a 200 with another page is a wrong page.
 */
final class ProbeClient implements Runnable {
  static final String COLLECTION = "probe";
  private static final int DOCUMENTS = 20;
  private static final int QUESTIONS = 8;

  private final List<SolrClient> nodes;
  private final QueryClient.Shape shape;
  private final int shards;
  private final RequestStats stats;
  private final Map<String, List<String>> reference = new LinkedHashMap<>();
  private final List<String> unstable = new ArrayList<>();
  private volatile long deadlineNanos;

  private ProbeClient(List<SolrClient> nodes, QueryClient.Shape shape, int shards,
      RequestStats stats) {
    this.nodes = nodes;
    this.shape = shape;
    this.shards = shards;
    this.stats = stats;
  }

  /** Creates and seeds the probe collection and records the reference pages. */
  static ProbeClient prepare(MiniSolrCloudCluster cluster, List<SolrClient> nodes, LoadCorpus corpus,
      QueryClient.Shape shape, int shards, int replicas, RequestStats stats) throws Exception {
    NeuralCluster.createCollection(cluster.getSolrClient(), cluster, COLLECTION, shards, replicas);
    UpdateRequest update = new UpdateRequest();
    for (int i = 0; i < DOCUMENTS; i++) {
      LoadCorpus.Document document = corpus.document(i);
      SolrInputDocument doc = new SolrInputDocument();
      doc.setField("id", document.id());
      doc.setField("text", document.text());
      update.add(doc);
    }
    update.process(nodes.get(0), COLLECTION);
    nodes.get(0).commit(COLLECTION);
    ProbeClient probe = new ProbeClient(nodes, shape, shards, stats);
    for (String question : corpus.queries().subList(0, Math.min(QUESTIONS, corpus.queries().size()))) {
      List<List<String>> pages = new ArrayList<>();
      for (SolrClient node : nodes) {
        pages.add(ids(node.query(COLLECTION, QueryClient.request(question, shape))));
      }
      if (pages.stream().distinct().count() == 1 && pages.get(0).size() == shape.rows()) {
        probe.reference.put(question, pages.get(0));
      } else {
        probe.unstable.add(question + " " + pages);
      }
    }
    return probe;
  }

  ProbeClient until(long deadline) {
    this.deadlineNanos = deadline;
    return this;
  }

  @Override
  public void run() {
    List<String> questions = new ArrayList<>(reference.keySet());
    for (int i = 0; !questions.isEmpty() && System.nanoTime() < deadlineNanos; i++) {
      String question = questions.get(i % questions.size());
      List<String> expected = reference.get(question);
      QueryClient.ask(nodes, i % nodes.size(), COLLECTION, QueryClient.request(question, shape),
          shards, shape.rows(), stats,
          response -> ids(response).equals(expected) ? null
              : "page " + ids(response) + " instead of " + expected + " for '" + question + "'");
    }
  }

  /** Questions with a reference page, and those left out because the nodes gave different pages. */
  Map<String, Object> figures() {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("documents", DOCUMENTS);
    figures.put("questions_with_reference_page", reference.size());
    figures.put("questions_unstable", unstable);
    return figures;
  }

  private static List<String> ids(QueryResponse response) {
    List<String> ids = new ArrayList<>();
    for (SolrDocument doc : response.getResults()) {
      ids.add(String.valueOf(doc.getFieldValue("id")));
    }
    return ids;
  }
}
