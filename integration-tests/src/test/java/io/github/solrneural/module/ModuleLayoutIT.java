package io.github.solrneural.module;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.SolrClients;
import io.github.solrneural.testing.SolrNames;
import io.github.solrneural.testing.SolrjQuery;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.request.GenericSolrRequest;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.util.NamedList;
import org.junit.Test;

/**
 * Installs the built module exactly as the README says (the .tgz unpacked under the install's
 * modules/ folder, enabled by solr.modules) and runs the configset's seed query on one Solr node in
 * its own JVM, whose classpath has Solr but neither the plugin nor its dependencies.
 */
public class ModuleLayoutIT {
  private static final String MODULE = InstalledSolr.MODULE;
  private static final String CORE = "neural";
  private static final String SEED_QUERY = "What is the plan for the economy?";

  @Test
  public void theModuleFolderAloneServesTheSeedQuery() throws Exception {
    Path project = DemoModels.projectDir();
    Path work = DemoModels.buildDir().resolve("module-layout");
    deleteRecursively(work);
    Path install = work.resolve("solr-install");
    Path modules = Files.createDirectories(install.resolve("modules"));
    run(List.of("tar", "-xzf", moduleArchive(project).toString(), "-C", modules.toString()));
    Path lib = modules.resolve(MODULE).resolve("lib");
    Set<String> moduleJars = InstalledSolr.fileNames(lib);
    assertTrue("module lib holds the plugin jar: " + moduleJars,
        moduleJars.stream().anyMatch(name -> name.startsWith("solr-neural-")));

    Path home = solrHome(project, work.resolve("solr-home"));
    Path log = work.resolve("solr.log");
    Process solr = InstalledSolr.start(
        install, home, 0, DemoModels.prepare(), ProcessBuilder.Redirect.to(log.toFile()));
    try (SolrClient client = SolrClients.http(awaitUrl(solr, log))) {
      SolrInputDocument doc = new SolrInputDocument();
      doc.setField("id", "state_of_the_union");
      doc.setField("title", "2022 State of the Union Address");
      doc.setField("text", DemoModels.demoText());
      client.add(CORE, doc);
      client.commit(CORE);

      SolrjQuery seed = new SolrjQuery(SEED_QUERY);
      seed.setRequestHandler("/semantic");
      seed.set("debugQuery", "true");
      QueryResponse response = client.query(CORE, seed);
      List<SolrDocument> hits = response.getResults();
      assertEquals("/semantic keeps the top 3", 3, hits.size());
      float previous = Float.POSITIVE_INFINITY;
      for (SolrDocument hit : hits) {
        String id = (String) hit.getFieldValue("id");
        assertTrue("a chunk of the demo document: " + id, id.startsWith("state_of_the_union#"));
        float score = ((Number) hit.getFieldValue("score")).floatValue();
        assertTrue("scores descend", score <= previous);
        previous = score;
        String explain = String.valueOf(response.getExplainMap().get(id));
        assertNotNull("explained: " + id, response.getExplainMap().get(id));
        assertTrue("reranked by the cross-encoder: " + explain,
            explain.contains("cross-encoder logit of model 'reranker'"));
      }

      NamedList<Object> listed =
          client.request(new GenericSolrRequest(SolrRequest.METHOD.GET, "/neural/models",
              new ModifiableSolrParams()).setRequiresCollection(true), CORE);
      String models = String.valueOf(listed.get("models"));
      assertTrue(models, models.contains("name=minilm") && models.contains("name=reranker"));
    } finally {
      solr.getOutputStream().close();
      if (!solr.waitFor(60, TimeUnit.SECONDS)) {
        solr.destroyForcibly().waitFor();
      }
    }
    String solrLog = Files.readString(log, StandardCharsets.UTF_8);
    assertFalse(solrLog, solrLog.contains("PLUGIN_ON_APP_CLASSPATH"));
    assertTrue("Solr added the module's jars to its classloader",
        solrLog.contains(lib.toString()));
  }

  private static Path moduleArchive(Path project) throws IOException {
    try (Stream<Path> files = Files.list(DemoModels.buildDir())) {
      return files
          .filter(path -> path.getFileName().toString().matches("solr-neural-.*-module\\.tgz"))
          .findFirst()
          .orElseThrow(() -> new AssertionError(
              "no target/solr-neural-*-module.tgz: this test runs after 'mvn package'"));
    }
  }

  /** A Solr home with one core whose conf/ is the shipped configset, unchanged. */
  private static Path solrHome(Path project, Path home) throws IOException {
    Path conf = Files.createDirectories(home.resolve(CORE).resolve("conf"));
    // As the distribution's solr.xml: Solr reads files outside its home only from solr.allowPaths.
    Files.writeString(home.resolve("solr.xml"),
        "<solr>\n  <str name=\"allowPaths\">${" + SolrNames.ALLOW_PATHS_PROPERTY + ":}</str>\n</solr>\n");
    Files.writeString(home.resolve(CORE).resolve("core.properties"), "name=" + CORE + "\n");
    try (Stream<Path> files = Files.list(project.resolve("solr-config/conf"))) {
      for (Path file : files.collect(Collectors.toList())) {
        Files.copy(file, conf.resolve(file.getFileName()));
      }
    }
    return home;
  }

  private static String awaitUrl(Process solr, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
          if (line.startsWith("SOLR_URL=")) {
            return line.substring("SOLR_URL=".length()).trim();
          }
        }
      }
      if (!solr.isAlive()) {
        throw new AssertionError("Solr exited with " + solr.exitValue() + ":\n" + tail(log));
      }
      Thread.sleep(200);
    }
    throw new AssertionError("Solr did not start within 3 minutes:\n" + tail(log));
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  private static void run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).inheritIO().start();
    assertEquals(String.join(" ", command), 0, process.waitFor());
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
