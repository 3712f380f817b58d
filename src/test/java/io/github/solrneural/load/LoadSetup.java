package io.github.solrneural.load;

import io.github.solrneural.chunk.RecursiveTextSplitter;
import io.github.solrneural.testing.SolrClients;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.request.GenericSolrRequest;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.util.NamedList;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

/**
 * What the load test reads of its setting: the configset's splitter, the JVM's heap, the models the
 * nodes list, the nodes' health; and its folder.
 */
final class LoadSetup {
  private LoadSetup() {}

  /** The splitter of the configset's default chain, so expected chunk counts match the server's. */
  static RecursiveTextSplitter chunkSplitter(Path solrconfig) throws Exception {
    org.w3c.dom.Document xml =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(solrconfig.toFile());
    String processor =
        "//updateRequestProcessorChain[@default='true']/processor"
            + "[contains(@class,'ChunkingEmbeddingUpdateProcessorFactory')]";
    var xpath = XPathFactory.newInstance().newXPath();
    String size = xpath.evaluate(processor + "/int[@name='chunkSize']", xml).trim();
    String overlap = xpath.evaluate(processor + "/int[@name='chunkOverlap']", xml).trim();
    if (size.isEmpty() || overlap.isEmpty()) {
      throw new IllegalStateException(solrconfig + ": the default chain sets no chunkSize or chunkOverlap");
    }
    return new RecursiveTextSplitter(Integer.parseInt(size), Integer.parseInt(overlap));
  }

  /** The JVM's heap settings and the environment of the native runtimes: the RSS depends on them. */
  static Map<String, Object> heap() {
    Map<String, Object> heap = new LinkedHashMap<>();
    var usage = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    heap.put("init_mb", usage.getInit() >> 20);
    heap.put("max_mb", usage.getMax() >> 20);
    List<String> flags = new ArrayList<>();
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("-Xm") || argument.startsWith("-XX:")) {
        flags.add(argument);
      }
    }
    heap.put("flags", flags);
    Map<String, String> environment = new LinkedHashMap<>();
    for (String name : List.of("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "MALLOC_ARENA_MAX", "OMP_NUM_THREADS")) {
      environment.put(name, System.getenv(name));
    }
    heap.put("environment", environment);
    return heap;
  }

  static void deleteRecursively(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * Waits until every node answers its health check: a node is listed in ZooKeeper before its
   * request filter is ready, and a busy machine widens that gap enough for a request to fall in it.
   */
  static void awaitHealthy(List<String> nodeUrls, long limitSeconds) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(limitSeconds);
    for (String url : nodeUrls) {
      try (org.apache.solr.client.solrj.SolrClient node =
          SolrClients.http(url)) {
        while (true) {
          try {
            node.request(new org.apache.solr.client.solrj.request.GenericSolrRequest(
                org.apache.solr.client.solrj.SolrRequest.METHOD.GET, "/admin/info/health",
                new org.apache.solr.common.params.ModifiableSolrParams()));
            break;
          } catch (Exception e) {
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException(url + " is not healthy after " + limitSeconds + " s", e);
            }
            Thread.sleep(500);
          }
        }
      }
    }
  }

  /** The configured models of the collection, as /neural/models lists them. */
  @SuppressWarnings("unchecked")
  static List<NamedList<Object>> models(SolrClient node) throws Exception {
    GenericSolrRequest request =
        new GenericSolrRequest(SolrRequest.METHOD.GET, "/neural/models", new ModifiableSolrParams());
    request.setRequiresCollection(true);
    return (List<NamedList<Object>>) node.request(request, LoadTest.COLLECTION).get("models");
  }

  static int embedderDimension(SolrClient node) throws Exception {
    for (NamedList<Object> model : models(node)) {
      if ("minilm".equals(model.get("name"))) {
        return ((Number) model.get("outputDimension")).intValue();
      }
    }
    throw new IllegalStateException("the configset declares no model 'minilm'");
  }

  /** Inferences each model refused; the nodes of this JVM share the loaded models. */
  static Map<String, Object> refusals(List<SolrClient> nodes) throws Exception {
    Map<String, Object> refused = new LinkedHashMap<>();
    for (NamedList<Object> model : models(nodes.get(0))) {
      refused.put((String) model.get("name"), model.get("rejectedInferences"));
    }
    return refused;
  }
}
