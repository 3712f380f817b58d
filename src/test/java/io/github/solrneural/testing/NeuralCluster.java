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
    String declaration = localModel(name, folder, engine, kind, settings);
    return configsetWith(dir, config -> withModels(config, declaration));
  }

  /**
   * The declaration of an in-process model of the folder (max length 256 unless the settings give
   * one, batches of 16), with more settings as element name to value.
   */
  public static String localModel(
      String name, Path folder, String engine, String kind,
      java.util.Map<String, String> settings) {
    java.util.Map<String, String> more = new java.util.LinkedHashMap<>(settings);
    String maxLength = more.remove("maxLength"); // a tiny model reads fewer than 256 tokens
    return "<lst name=\"" + name + "\"><str name=\"path\">" + folder.toAbsolutePath() + "</str>"
        + "<str name=\"engine\">" + engine + "</str><str name=\"kind\">" + kind + "</str>"
        + "<int name=\"maxLength\">" + (maxLength == null ? "256" : maxLength) + "</int>"
        + "<int name=\"batchSize\">16</int>" + elements(more) + "</lst>";
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
    return configsetWith(dir, config -> {
      String edited = edit.apply(config);
      if (edited.equals(config)) {
        throw new IllegalStateException("the edit left solrconfig.xml unchanged");
      }
      return edited;
    });
  }

  private static String elements(java.util.Map<String, String> settings) {
    return settings.entrySet().stream()
        .map(e -> "<str name=\"" + e.getKey() + "\">" + e.getValue() + "</str>")
        .collect(java.util.stream.Collectors.joining());
  }

  /**
   * A copy of the project's configset whose declared models get more settings (such as
   * maxConcurrentInferences), as model name to element name to value.
   */
  public static Path configsetWithModelSettings(
      Path dir, java.util.Map<String, java.util.Map<String, String>> settings) throws Exception {
    return configsetWith(dir, config -> withModelSettings(config, settings));
  }

  /**
   * The solrconfig.xml text whose declared models get more settings, as model name to element name
   * to value. A setting the text already declares for that model cannot be given again.
   */
  public static String withModelSettings(
      String config, java.util.Map<String, java.util.Map<String, String>> settings) {
    for (java.util.Map.Entry<String, java.util.Map<String, String>> model : settings.entrySet()) {
      String opening = "<lst name=\"" + model.getKey() + "\">";
      int start = config.indexOf(opening);
      if (start < 0) {
        throw new IllegalArgumentException("solrconfig.xml declares no model " + model.getKey());
      }
      String declared = config.substring(start, config.indexOf("</lst>", start));
      for (String setting : model.getValue().keySet()) {
        if (declared.contains("name=\"" + setting + "\"")) {
          throw new IllegalArgumentException(
              "model " + model.getKey() + " already declares " + setting);
        }
      }
      config = config.replace(opening, opening + elements(model.getValue()));
    }
    return config;
  }

  public static void createCollection(
      SolrClient client, MiniSolrCloudCluster cluster, String name, int shards, int replicas)
      throws Exception {
    CollectionAdminRequest.createCollection(name, CONFIGSET, shards, replicas).process(client);
    cluster.waitForActiveCollection(name, shards, shards * replicas);
  }
}
