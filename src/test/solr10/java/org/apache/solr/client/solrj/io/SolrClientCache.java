package org.apache.solr.client.solrj.io;

import java.io.Closeable;
import java.util.HashMap;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.impl.HttpSolrClientBase;
import org.apache.solr.client.solrj.jetty.HttpJettySolrClient;
import org.apache.solr.common.util.IOUtils;

/**
 * Test-only stand-in for SolrJ streaming's client cache, which every Solr 10 node creates at
 * startup. solr-solrj-streaming 10.0.0 is not in the repository these machines reach, and the
 * 9.10.1 jar that stands in for the rest of the module (see the pom's solr10 profile) builds this
 * class from Solr 9's clients. Only what solr-core 10.0.0 calls is here; the plugin's tests use no
 * streaming expressions.
 */
public class SolrClientCache implements Closeable {
  private final Map<String, SolrClient> clients = new HashMap<>();

  public SolrClientCache(HttpSolrClientBase shared) {}

  public void setDefaultZKHost(String zkHost) {}

  public synchronized SolrClient getHttpSolrClient(String baseUrl) {
    return clients.computeIfAbsent(baseUrl, url -> new HttpJettySolrClient.Builder(url).build());
  }

  @Override
  public synchronized void close() {
    clients.values().forEach(IOUtils::closeQuietly);
    clients.clear();
  }
}
