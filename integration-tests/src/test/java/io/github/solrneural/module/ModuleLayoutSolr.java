package io.github.solrneural.module;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * One standalone Solr node for {@link ModuleLayoutIT}, started in its own JVM whose classpath holds
 * Solr but not the plugin: the plugin must come from the module folder that {@code solr.install.dir}
 * and {@code solr.modules} name, as in a real install. Arguments: the Solr home and the port (0 for
 * any free one). Prints {@code SOLR_URL=...} once serving and stops when its standard input closes.
 */
public final class ModuleLayoutSolr {
  static final String PLUGIN_CLASS = "io.github.solrneural.store.ModelStoreHandler";

  private ModuleLayoutSolr() {}

  public static void main(String[] args) throws Exception {
    try {
      ClassLoader.getSystemClassLoader().loadClass(PLUGIN_CLASS);
      System.out.println("PLUGIN_ON_APP_CLASSPATH");
      System.exit(3);
    } catch (ClassNotFoundException expected) {
      // The point of the test: only the module folder can provide the plugin.
    }
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    JettySolrRunner solr =
        new JettySolrRunner(Path.of(args[0]).toString(), JettyConfig.builder().setPort(port).build());
    solr.start();
    System.out.println("SOLR_URL=" + solr.getBaseUrl());
    System.out.flush();
    try (BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      while (stdin.readLine() != null) {
        // Wait for the test to close our input.
      }
    }
    solr.stop();
    System.exit(0);
  }
}
