package io.github.solrneural.testing;

import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.impl.BaseHttpSolrClient;
import org.apache.solr.client.solrj.impl.Http2SolrClient;
import org.apache.solr.client.solrj.impl.HttpSolrClient;
import org.apache.solr.common.SolrException;

/** SolrJ's HTTP clients on Solr 9 (Solr 10 moved or removed them). */
public final class SolrClients {
  /** What a client throws for an error answer; a SolrException, with the answer's status. */
  public static final Class<? extends SolrException> REMOTE_ERROR =
      BaseHttpSolrClient.RemoteSolrException.class;

  private SolrClients() {}

  /** A client of one node (Jetty HTTP/2). */
  public static SolrClient http(String baseUrl) {
    return new Http2SolrClient.Builder(baseUrl).build();
  }

  /** The same, with a connection timeout and an idle and request timeout. */
  public static SolrClient http(String baseUrl, long connectSeconds, long requestSeconds) {
    return new Http2SolrClient.Builder(baseUrl)
        .withConnectionTimeout(connectSeconds, TimeUnit.SECONDS)
        .withIdleTimeout(requestSeconds, TimeUnit.SECONDS)
        .withRequestTimeout(requestSeconds, TimeUnit.SECONDS)
        .build();
  }

  /** A plain HTTP/1.1 client of one node, which does not retry, as curl would see Solr. */
  public static SolrClient plain(String baseUrl) {
    return new HttpSolrClient.Builder(baseUrl).build();
  }
}
