package io.github.solrneural.testing;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.update.processor.UpdateRequestProcessor;
import org.apache.solr.update.processor.UpdateRequestProcessorFactory;

/**
 * A test processor that counts the calls of its {@code finish()}: placed after the embedding
 * processor, it shows whether the rest of the chain was finished. The Solr nodes of a test run in
 * its JVM, so the test reads the count directly.
 */
public class FinishCounterProcessorFactory extends UpdateRequestProcessorFactory {
  public static final AtomicInteger FINISHED = new AtomicInteger();

  @Override
  public UpdateRequestProcessor getInstance(
      SolrQueryRequest req, SolrQueryResponse rsp, UpdateRequestProcessor next) {
    return new UpdateRequestProcessor(next) {
      @Override
      public void finish() throws IOException {
        FINISHED.incrementAndGet();
        super.finish();
      }
    };
  }
}
