package io.github.solrneural.module;

import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.SolrNames;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Starts one Solr node in its own JVM the way an installed Solr runs the module: Solr's jars on the
 * classpath, the plugin and its dependencies only under {@code <install>/modules/neural/lib}.
 */
final class InstalledSolr {
  static final String MODULE = "neural";

  private InstalledSolr() {}

  static Process start(Path install, Path solrHome, int port, Path modelsDir, Redirect output)
      throws IOException {
    Path lib = install.resolve("modules").resolve(MODULE).resolve("lib");
    if (!Files.isDirectory(lib)) {
      throw new IllegalArgumentException(
          "no module at " + lib + ": unpack the module .tgz under " + install.resolve("modules"));
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx2g");
    // Solr's own directory factory: the test framework's mock one needs a randomized test context.
    for (String property :
        List.of("ai.djl.offline", "DJL_CACHE_DIR", "java.io.tmpdir", "java.security.egd")) {
      String value = System.getProperty(property);
      if (value != null) {
        command.add("-D" + property + "=" + value);
      }
    }
    Path logConfig = Path.of(System.getProperty("java.class.path").split(File.pathSeparator)[0]);
    command.add("-Dlog4j2.configurationFile=" + logConfig(logConfig));
    command.add("-Dsolr.install.dir=" + install.toAbsolutePath());
    command.add("-Dsolr.modules=" + MODULE);
    command.add("-Dneural.models.dir=" + modelsDir.toAbsolutePath());
    // Model folders live outside SOLR_HOME; Solr reads them only from allowed paths.
    command.add("-D" + SolrNames.ALLOW_PATHS_PROPERTY + "=" + modelsDir.toAbsolutePath());
    command.add("-cp");
    command.add(classpathWithout(fileNames(lib)));
    command.add(ModuleLayoutSolr.class.getName());
    command.add(solrHome.toAbsolutePath().toString());
    command.add(Integer.toString(port));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
  }

  private static Path logConfig(Path firstClasspathEntry) {
    Path config = DemoModels.buildDir().resolve("test-classes/log4j2-module-layout.xml");
    return Files.exists(config) ? config : firstClasspathEntry;
  }

  /** This JVM's classpath without the plugin's classes and without any jar the module carries. */
  private static String classpathWithout(Set<String> moduleJars) {
    List<String> kept = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry).toAbsolutePath();
      // The plugin's classes, or its jar in the build folder (named for Solr 10 in that build).
      boolean pluginClasses = path.equals(DemoModels.buildDir().resolve("classes"))
          || (DemoModels.buildDir().equals(path.getParent()) && entry.endsWith(".jar"));
      if (pluginClasses || moduleJars.contains(path.getFileName().toString())) {
        continue;
      }
      kept.add(entry);
    }
    return String.join(File.pathSeparator, kept);
  }

  static Set<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(path -> path.getFileName().toString()).collect(Collectors.toSet());
    }
  }
}
