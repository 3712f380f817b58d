package io.github.solrneural.module;

import io.github.solrneural.testing.DemoModels;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;

/**
 * {@code mvn -q -Psolr-node -Dnode.install=DIR -Dnode.home=DIR}: one Solr node on port 8983 (or
 * {@code -Dnode.port}) that finds the plugin only in the install's {@code modules/neural}, as an
 * installed Solr does. It stands in for a Solr distribution on machines that have none; models come
 * from {@code -Dnode.models} (default: the demo models under target/models).
 */
public final class SolrNode {
  private SolrNode() {}

  public static void main(String[] args) throws Exception {
    Path install = Path.of(required("node.install"));
    Path home = Path.of(required("node.home"));
    int port = Integer.parseInt(System.getProperty("node.port", "8983").trim());
    String models = System.getProperty("node.models", "").trim();
    Path modelsDir = models.isEmpty() ? DemoModels.prepare() : Path.of(models);
    Process solr = InstalledSolr.start(install, home, port, modelsDir, Redirect.INHERIT);
    Runtime.getRuntime().addShutdownHook(new Thread(solr::destroy));
    System.exit(solr.waitFor());
  }

  private static String required(String property) {
    String value = System.getProperty(property, "").trim();
    if (value.isEmpty()) {
      System.err.println("-D" + property + " is required (see docs/installing.md, 'Try it on this project's test Solr')");
      System.exit(2);
    }
    return value;
  }
}
