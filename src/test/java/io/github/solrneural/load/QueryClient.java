package io.github.solrneural.load;

import java.util.List;
import java.util.Random;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.impl.BaseHttpSolrClient;
import org.apache.solr.client.solrj.response.QueryResponse;

/**
 * One query client: the retrieve-then-rerank request (KNN by text, cross-encoder rerank) with a
 * random question, one at a time until the deadline. Anything but a 200 with a full page of hits
 * is an error, a 503 included.
 */
final class QueryClient implements Runnable {
  /** The request's shape: KNN and rerank window per shard, and the page returned. */
  record Shape(int topK, int reRankDocs, int rows) {}

  private final SolrClient node;
  private final String collection;
  private final List<String> questions;
  private final Shape shape;
  private final Random random;
  private final long deadlineNanos;
  private final RequestStats stats;

  QueryClient(SolrClient node, String collection, List<String> questions, Shape shape, long seed,
      long deadlineNanos, RequestStats stats) {
    this.node = node;
    this.collection = collection;
    this.questions = questions;
    this.shape = shape;
    this.random = new Random(seed);
    this.deadlineNanos = deadlineNanos;
    this.stats = stats;
  }

  static SolrQuery request(String question, Shape shape) {
    SolrQuery query = new SolrQuery();
    query.set("q", "{!knn_text_to_vector model=minilm f=vector topK=" + shape.topK() + " v=$qt}");
    query.set("rq", "{!cross_encoder model=reranker reRankDocs=" + shape.reRankDocs() + " v=$qt}");
    query.set("qt", question);
    query.setRows(shape.rows());
    query.setFields("id", "_root_", "score");
    return query;
  }

  @Override
  public void run() {
    while (System.nanoTime() < deadlineNanos) {
      String question = questions.get(random.nextInt(questions.size()));
      long start = System.nanoTime();
      try {
        QueryResponse response = node.query(collection, request(question, shape));
        long elapsed = System.nanoTime() - start;
        int hits = response.getResults().size();
        if (response.getStatus() != 0) {
          stats.error("status " + response.getStatus() + " in the response header");
        } else if (hits != shape.rows()) {
          stats.error("200 with " + hits + " hits instead of " + shape.rows());
        } else {
          stats.served(elapsed);
        }
      } catch (BaseHttpSolrClient.RemoteSolrException e) {
        stats.error("HTTP " + e.code() + ": " + firstLine(e.getMessage()));
      } catch (Exception e) {
        stats.error(e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
      }
    }
  }

  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    String line = message.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
