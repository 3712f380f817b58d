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
    return start(baseDir, nodes, port, DemoModels.projectDir().resolve("solr-config/conf"));
  }

  /** Starts Solr with the given configset folder uploaded as {@link #CONFIGSET}. */
  public static MiniSolrCloudCluster start(Path baseDir, int nodes, int port, Path configset)
      throws Exception {
    useDemoModels();
    return new MiniSolrCloudCluster.Builder(nodes, baseDir)
        .withJettyConfig(jetty -> jetty.setPort(port))
        .addConfig(CONFIGSET, configset)
        .build();
  }

  /**
   * A copy of the project's configset with one more model declared in the model store, for tools
   * and tests that need a model the shipped configset does not name.
   */
  public static Path configsetWithModel(
      Path dir, String name, Path folder, String engine, String kind) throws Exception {
    return configsetWithModel(dir, name, folder, engine, kind, java.util.Map.of());
  }

  /** As above, with more model settings (such as pooling) as element name to value. */
  public static Path configsetWithModel(
      Path dir, String name, Path folder, String engine, String kind,
      java.util.Map<String, String> settings) throws Exception {
    copyConfigset(dir);
    String config = java.nio.file.Files.readString(dir.resolve("solrconfig.xml"));
    String declaration =
        "<lst name=\"" + name + "\"><str name=\"path\">" + folder.toAbsolutePath() + "</str>"
            + "<str name=\"engine\">" + engine + "</str><str name=\"kind\">" + kind + "</str>"
            + "<int name=\"maxLength\">256</int><int name=\"batchSize\">16</int>"
            + settings.entrySet().stream()
                .map(e -> "<str name=\"" + e.getKey() + "\">" + e.getValue() + "</str>")
                .collect(java.util.stream.Collectors.joining())
            + "</lst>";
    config = config.replace("<lst name=\"minilm\">", declaration + "<lst name=\"minilm\">");
    java.nio.file.Files.writeString(dir.resolve("solrconfig.xml"), config);
    return dir;
  }

  /** A copy of the project's configset, to change for one test or tool. */
  public static Path copyConfigset(Path dir) throws Exception {
    Path source = DemoModels.projectDir().resolve("solr-config/conf");
    java.nio.file.Files.createDirectories(dir);
    for (String file : new String[] {"solrconfig.xml", "managed-schema.xml"}) {
      java.nio.file.Files.copy(source.resolve(file), dir.resolve(file),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return dir;
  }

  /** Makes a configset's declared model load another file variant (model-&lt;variant&gt;.*). */
  public static void declareVariant(Path configset, String model, String variant) throws Exception {
    Path file = configset.resolve("solrconfig.xml");
    String config = java.nio.file.Files.readString(file);
    String declaration = "<lst name=\"" + model + "\">";
    if (!config.contains(declaration)) {
      throw new IllegalArgumentException(file + " declares no model '" + model + "'");
    }
    java.nio.file.Files.writeString(file, config.replace(declaration,
        declaration + "<str name=\"variant\">" + variant + "</str>"));
  }

  public static void createCollection(
      SolrClient client, MiniSolrCloudCluster cluster, String name, int shards, int replicas)
      throws Exception {
    CollectionAdminRequest.createCollection(name, CONFIGSET, shards, replicas).process(client);
    cluster.waitForActiveCollection(name, shards, shards * replicas);
  }
}
