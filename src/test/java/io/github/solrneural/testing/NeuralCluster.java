package io.github.solrneural.testing;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.core.CoreContainer;

/** Starts a real SolrCloud on localhost with the project's configset and the demo models. */
public final class NeuralCluster {
  public static final String CONFIGSET = "neural";
  public static final String ALLOW_PATHS = CoreContainer.ALLOW_PATHS_SYSPROP;

  private NeuralCluster() {}

  /**
   * Points the configset's model paths at the demo models and lets Solr read them and the tiny test
   * models (both outside the Solr home); call before starting Solr.
   */
  public static Path useDemoModels() {
    Path models = DemoModels.prepare();
    System.setProperty("neural.models.dir", models.toString());
    allowModelFolders(models, DemoModels.projectDir().resolve("src/test/resources/tiny-models"));
    return models;
  }

  /**
   * Adds folders to {@code solr.allowPaths}: Solr, and so the model store, reads files only under
   * its home or in those folders. A node reads the property when it starts.
   */
  public static void allowModelFolders(Path... folders) {
    Set<String> allowed = new LinkedHashSet<>();
    String current = System.getProperty(ALLOW_PATHS, "");
    for (String path : current.split(",")) {
      if (!path.isBlank()) {
        allowed.add(path.trim());
      }
    }
    for (Path folder : folders) {
      allowed.add(folder.toAbsolutePath().normalize().toString());
    }
    System.setProperty(ALLOW_PATHS, String.join(",", allowed));
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
    String declaration =
        "<lst name=\"" + name + "\"><str name=\"path\">" + folder.toAbsolutePath() + "</str>"
            + "<str name=\"engine\">" + engine + "</str><str name=\"kind\">" + kind + "</str>"
            + "<int name=\"maxLength\">256</int><int name=\"batchSize\">16</int>"
            + elements(settings) + "</lst>";
    return configsetWith(dir, config -> withModels(config, declaration));
  }

  /** The declaration of a remote model at the URL, with more settings as element name to value. */
  public static String remoteModel(
      String name, String url, String kind, java.util.Map<String, String> settings) {
    return "<lst name=\"" + name + "\"><str name=\"url\">" + url + "</str>"
        + "<str name=\"kind\">" + kind + "</str>" + elements(settings) + "</lst>";
  }

  /** The solrconfig.xml text with more model declarations in the model store. */
  public static String withModels(String config, String... declarations) {
    return config.replace(
        "<lst name=\"minilm\">", String.join("", declarations) + "<lst name=\"minilm\">");
  }

  /** A copy of the project's configset whose solrconfig.xml the function edits. */
  public static Path configsetWith(Path dir, java.util.function.UnaryOperator<String> edit)
      throws Exception {
    return configsetWith(dir, edit, java.util.function.UnaryOperator.identity());
  }

  /** A copy of the project's configset whose solrconfig.xml and managed-schema.xml are edited. */
  public static Path configsetWith(Path dir, java.util.function.UnaryOperator<String> editConfig,
      java.util.function.UnaryOperator<String> editSchema) throws Exception {
    Path source = DemoModels.projectDir().resolve("solr-config/conf");
    java.nio.file.Files.createDirectories(dir);
    String config = java.nio.file.Files.readString(source.resolve("solrconfig.xml"));
    java.nio.file.Files.writeString(dir.resolve("solrconfig.xml"), editConfig.apply(config));
    String schema = java.nio.file.Files.readString(source.resolve("managed-schema.xml"));
    java.nio.file.Files.writeString(dir.resolve("managed-schema.xml"), editSchema.apply(schema));
    return dir;
  }

  /** A copy of the project's configset with its solrconfig.xml edited, for one test's settings. */
  public static Path configsetVariant(Path dir, java.util.function.UnaryOperator<String> edit)
      throws Exception {
    Path source = DemoModels.projectDir().resolve("solr-config/conf");
    java.nio.file.Files.createDirectories(dir);
    String config = java.nio.file.Files.readString(source.resolve("solrconfig.xml"));
    String edited = edit.apply(config);
    if (edited.equals(config)) {
      throw new IllegalStateException("the edit left solrconfig.xml unchanged");
    }
    java.nio.file.Files.writeString(dir.resolve("solrconfig.xml"), edited);
    java.nio.file.Files.copy(source.resolve("managed-schema.xml"), dir.resolve("managed-schema.xml"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return dir;
  }

  private static String elements(java.util.Map<String, String> settings) {
    return settings.entrySet().stream()
        .map(e -> "<str name=\"" + e.getKey() + "\">" + e.getValue() + "</str>")
        .collect(java.util.stream.Collectors.joining());
  }

  /**
   * A copy of the project's configset whose declared models get more settings (such as
   * maxConcurrentInferences), as model name to element name to value. A setting the configset
   * already declares for that model cannot be given again.
   */
  public static Path configsetWithModelSettings(
      Path dir, java.util.Map<String, java.util.Map<String, String>> settings) throws Exception {
    Path source = DemoModels.projectDir().resolve("solr-config/conf");
    java.nio.file.Files.createDirectories(dir);
    String config = java.nio.file.Files.readString(source.resolve("solrconfig.xml"));
    for (java.util.Map.Entry<String, java.util.Map<String, String>> model : settings.entrySet()) {
      String opening = "<lst name=\"" + model.getKey() + "\">";
      int start = config.indexOf(opening);
      if (start < 0) {
        throw new IllegalArgumentException("solrconfig.xml declares no model " + model.getKey());
      }
      String declared = config.substring(start, config.indexOf("</lst>", start));
      StringBuilder added = new StringBuilder();
      for (java.util.Map.Entry<String, String> setting : model.getValue().entrySet()) {
        if (declared.contains("name=\"" + setting.getKey() + "\"")) {
          throw new IllegalArgumentException(
              "model " + model.getKey() + " already declares " + setting.getKey());
        }
        added.append("<str name=\"").append(setting.getKey()).append("\">")
            .append(setting.getValue()).append("</str>");
      }
      config = config.replace(opening, opening + added);
    }
    java.nio.file.Files.writeString(dir.resolve("solrconfig.xml"), config);
    java.nio.file.Files.copy(source.resolve("managed-schema.xml"), dir.resolve("managed-schema.xml"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
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
