package io.github.solrneural.testing;

import java.nio.file.Path;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;

/** Starts a real SolrCloud on localhost with the project's configset and the demo models. */
public final class NeuralCluster {
  public static final String CONFIGSET = "neural";

  private NeuralCluster() {}

  /** Points the configset's model paths at the demo models; call before starting Solr. */
  public static Path useDemoModels() {
    Path models = DemoModels.prepare();
    System.setProperty("neural.models.dir", models.toString());
    return models;
  }

  public static MiniSolrCloudCluster start(Path baseDir, int nodes, int port) throws Exception {
    useDemoModels();
    return new MiniSolrCloudCluster.Builder(nodes, baseDir)
        .withJettyConfig(jetty -> jetty.setPort(port))
        .addConfig(CONFIGSET, DemoModels.projectDir().resolve("solr-config/conf"))
        .build();
  }

  public static void createCollection(
      SolrClient client, MiniSolrCloudCluster cluster, String name, int shards, int replicas)
      throws Exception {
    CollectionAdminRequest.createCollection(name, CONFIGSET, shards, replicas).process(client);
    cluster.waitForActiveCollection(name, shards, shards * replicas);
  }
}
