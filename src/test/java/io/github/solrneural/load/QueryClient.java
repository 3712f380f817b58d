package io.github.solrneural.load;

import io.github.solrneural.testing.SolrjQuery;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.util.NamedList;

/**
 * One query client: the retrieve-then-rerank request (KNN by text, cross-encoder rerank) with a
 * random question, one at a time until the deadline, to its node (the next one when its node gives
 * no HTTP answer). Served means a 200 with a full page to which every shard answered; anything else
 * is an error, a 503 included, classed by status for the report.
 */
final class QueryClient implements Runnable {
  /** The request's shape: KNN and rerank window per shard, and the page returned. */
  record Shape(int topK, int reRankDocs, int rows) {}

  /** A 200 whose page lacks hits or a shard's answer without saying so: never acceptable. */
  static final String WRONG_PAGE = "200 with a wrong page";
  /** A 200 that says it is partial (partialResults): a clear answer, never expected here. */
  static final String FLAGGED_PARTIAL = "200 flagged partialResults";

  private final List<SolrClient> nodes;
  private final int firstNode;
  private final String collection;
  private final int shards;
  private final List<String> questions;
  private final Shape shape;
  private final Random random;
  private final long deadlineNanos;
  private final RequestStats stats;

  QueryClient(List<SolrClient> nodes, int firstNode, String collection, int shards,
      List<String> questions, Shape shape, long seed, long deadlineNanos, RequestStats stats) {
    this.nodes = nodes;
    this.firstNode = firstNode;
    this.collection = collection;
    this.shards = shards;
    this.questions = questions;
    this.shape = shape;
    this.random = new Random(seed);
    this.deadlineNanos = deadlineNanos;
    this.stats = stats;
  }

  static SolrjQuery request(String question, Shape shape) {
    SolrjQuery query = new SolrjQuery();
    query.set("q", "{!knn_text_to_vector model=minilm f=vector topK=" + shape.topK() + " v=$qt}");
    query.set("rq", "{!cross_encoder model=reranker reRankDocs=" + shape.reRankDocs() + " v=$qt}");
    query.set("qt", question);
    query.setRows(shape.rows());
    query.setFields("id", "_root_", "score");
    query.set("shards.info", true); // to tell a page every shard answered to from one missing some
    return query;
  }

  @Override
  public void run() {
    while (System.nanoTime() < deadlineNanos) {
      String question = questions.get(random.nextInt(questions.size()));
      ask(nodes, firstNode, collection, request(question, shape), shards, shape.rows(), stats,
          response -> null);
    }
  }

  /**
   * Sends the query and records its outcome: served, or an error classed by status. Served means a
   * 200 with a full page every shard answered to, and no problem found by {@code pageCheck}.
   */
  static void ask(List<SolrClient> nodes, int firstNode, String collection, SolrjQuery query,
      int shards, int rows, RequestStats stats, Function<QueryResponse, String> pageCheck) {
    long start = System.nanoTime();
    try {
      QueryResponse response =
          Failover.call(nodes, firstNode, stats, node -> node.query(collection, query));
      long elapsed = System.nanoTime() - start;
      String wrong = pageProblem(response, shards, rows);
      if (wrong == null) {
        wrong = pageCheck.apply(response);
      }
      if (wrong == null) {
        stats.served(elapsed);
      } else if (Boolean.TRUE.equals(response.getHeader().get("partialResults"))) {
        stats.error(FLAGGED_PARTIAL, FLAGGED_PARTIAL + ": " + wrong);
      } else {
        stats.error(WRONG_PAGE, WRONG_PAGE + ": " + wrong);
      }
    } catch (Exception e) {
      String status = Failover.status(e);
      String message = firstLine(e.getMessage());
      stats.error(message.isBlank() ? status + " without a message" : status,
          status + ": " + message);
    }
  }

  /** What is wrong with a 200's page, or null: a full page, not partial, each shard answered. */
  static String pageProblem(QueryResponse response, int shards, int rows) {
    if (response.getStatus() != 0) {
      return "status " + response.getStatus() + " in the response header";
    }
    if (Boolean.TRUE.equals(response.getHeader().get("partialResults"))) {
      return "partialResults";
    }
    int hits = response.getResults().size();
    if (hits != rows) {
      return hits + " hits instead of " + rows;
    }
    Object info = response.getResponse().get("shards.info");
    if (!(info instanceof NamedList)) {
      return "no shards.info";
    }
    NamedList<?> perShard = (NamedList<?>) info;
    int answered = 0;
    for (int i = 0; i < perShard.size(); i++) {
      Object shard = perShard.getVal(i);
      if (shard instanceof NamedList && ((NamedList<?>) shard).get("error") == null) {
        answered++;
      }
    }
    return answered == shards ? null : answered + " of " + shards + " shards answered";
  }

  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    String line = message.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
