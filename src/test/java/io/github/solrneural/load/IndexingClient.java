package io.github.solrneural.load;

import io.github.solrneural.chunk.RecursiveTextSplitter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.impl.BaseHttpSolrClient;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.UpdateResponse;
import org.apache.solr.common.SolrInputDocument;

/**
 * The indexing client: sends new documents in batches, one request at a time, to the nodes in
 * turn, each with commitWithin so that searchers reopen during the load. It remembers every
 * document Solr acknowledged, with the number of chunks the configset's splitter makes of it.
 */
final class IndexingClient {
  private final List<SolrClient> nodes;
  private final String collection;
  private final LoadCorpus corpus;
  private final RecursiveTextSplitter splitter;
  private final int batchSize;
  private final int commitWithinMillis;
  private final Map<String, Integer> acknowledged = new LinkedHashMap<>();
  private long unacknowledged;
  private long next;

  IndexingClient(List<SolrClient> nodes, String collection, LoadCorpus corpus,
      RecursiveTextSplitter splitter, int batchSize, int commitWithinMillis) {
    this.nodes = nodes;
    this.collection = collection;
    this.corpus = corpus;
    this.splitter = splitter;
    this.batchSize = batchSize;
    this.commitWithinMillis = commitWithinMillis;
  }

  /** Sends the next batch, recording it in the stats; returns whether Solr acknowledged it. */
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
    SolrClient node = nodes.get((int) ((next / batchSize) % nodes.size()));
    long start = System.nanoTime();
    try {
      UpdateResponse response = update.process(node, collection);
      if (response.getStatus() != 0) {
        requestStats.error("status " + response.getStatus() + " in the response header");
      } else {
        requestStats.served(System.nanoTime() - start);
        for (LoadCorpus.Document document : batch) {
          acknowledged.put(document.id(), splitter.split(document.text()).size());
        }
        return true;
      }
    } catch (BaseHttpSolrClient.RemoteSolrException e) {
      requestStats.error("HTTP " + e.code() + ": " + QueryClient.firstLine(e.getMessage()));
    } catch (Exception e) {
      requestStats.error(e.getClass().getSimpleName() + ": " + QueryClient.firstLine(e.getMessage()));
    }
    unacknowledged += batch.size();
    return false;
  }

  /** Acknowledged documents and their expected chunk counts; read once the client has stopped. */
  Map<String, Integer> acknowledged() {
    return acknowledged;
  }

  /** Documents of requests that failed: they may or may not be in the index. */
  long unacknowledged() {
    return unacknowledged;
  }
}
