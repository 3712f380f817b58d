package io.github.solrneural.load;

import io.github.solrneural.chunk.RecursiveTextSplitter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.impl.HttpSolrClientBase;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.UpdateResponse;
import org.apache.solr.common.SolrInputDocument;

/**
 * The indexing client: sends new documents in batches, one request at a time, to the nodes in
 * turn (the next one when a node gives no HTTP answer), each with commitWithin so that searchers
 * reopen during the load. A failed batch is sent again, the same documents, up to the given number
 * of attempts. It remembers every document Solr acknowledged, and every document of a batch never
 * acknowledged, with the number of chunks the configset's splitter makes of it.
 */
final class IndexingClient {
  private static final long RETRY_PAUSE_MILLIS = 1000;

  private final List<SolrClient> nodes;
  private final String collection;
  private final LoadCorpus corpus;
  private final RecursiveTextSplitter splitter;
  private final int batchSize;
  private final int commitWithinMillis;
  private final int attempts;
  private final Map<String, Integer> acknowledged = new LinkedHashMap<>();
  private final Map<String, Integer> unacknowledged = new LinkedHashMap<>();
  /** Each document's batch: what became of it, when and where, to look up in Solr's log. */
  private final Map<String, String> batchOf = new java.util.HashMap<>();
  private long batches;
  private long next;

  IndexingClient(List<SolrClient> nodes, String collection, LoadCorpus corpus,
      RecursiveTextSplitter splitter, int batchSize, int commitWithinMillis, int attempts) {
    this.nodes = nodes;
    this.collection = collection;
    this.corpus = corpus;
    this.splitter = splitter;
    this.batchSize = batchSize;
    this.commitWithinMillis = commitWithinMillis;
    this.attempts = attempts;
  }

  /** Sends the next batch, recording each attempt in the stats; returns whether Solr acknowledged it. */
  boolean sendBatch(RequestStats requestStats) {
    List<LoadCorpus.Document> batch = new ArrayList<>(batchSize);
    UpdateRequest update = new UpdateRequest();
    update.setCommitWithin(commitWithinMillis);
    for (int i = 0; i < batchSize; i++) {
      LoadCorpus.Document document = corpus.document(next++);
      batch.add(document);
      SolrInputDocument doc = new SolrInputDocument();
      doc.setField("id", document.id());
      if (!document.title().isBlank()) {
        doc.setField("title", document.title());
      }
      doc.setField("text", document.text());
      update.add(doc);
    }
    int first = (int) ((next / batchSize) % nodes.size());
    Map<String, Integer> target = unacknowledged;
    SolrClient[] answered = new SolrClient[1];
    int attempt = 1;
    for (; attempt <= attempts; attempt++) {
      if (send(update, first + attempt - 1, requestStats, answered)) {
        target = acknowledged;
        break;
      }
      if (attempt < attempts) {
        pause();
      }
    }
    String what = String.format(java.util.Locale.ROOT, "batch %d (%s..%s) %s by %s at %s, attempt %d",
        ++batches, batch.get(0).id(), batch.get(batch.size() - 1).id(),
        target == acknowledged ? "acknowledged" : "failed",
        answered[0] instanceof HttpSolrClientBase ? ((HttpSolrClientBase) answered[0]).getBaseURL() : "?",
        java.time.LocalTime.now(java.time.ZoneOffset.UTC), Math.min(attempt, attempts));
    for (LoadCorpus.Document document : batch) {
      target.put(document.id(), splitter.split(document.text()).size());
      batchOf.put(document.id(), what);
    }
    return target == acknowledged;
  }

  private boolean send(UpdateRequest update, int first, RequestStats requestStats,
      SolrClient[] answered) {
    long start = System.nanoTime();
    try {
      UpdateResponse response =
          Failover.call(nodes, first % nodes.size(), requestStats, node -> {
            answered[0] = node;
            return update.process(node, collection);
          });
      if (response.getStatus() != 0) {
        requestStats.error("status " + response.getStatus(),
            "status " + response.getStatus() + " in the response header");
        return false;
      }
      requestStats.served(System.nanoTime() - start);
      return true;
    } catch (Exception e) {
      String status = Failover.status(e);
      requestStats.error(status, status + ": " + QueryClient.firstLine(e.getMessage()));
      return false;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY_PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What became of the document's batch, when and where. */
  String batchOf(String id) {
    return batchOf.getOrDefault(id, "never sent");
  }

  /** Acknowledged documents and their expected chunk counts; read once the client has stopped. */
  Map<String, Integer> acknowledged() {
    return acknowledged;
  }

  /** Documents of batches never acknowledged: they may or may not be in the index. */
  Map<String, Integer> unacknowledged() {
    return unacknowledged;
  }
}
