package io.github.solrneural.load;

import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.testing.SolrClients;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.request.GenericSolrRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.Replica;
import org.apache.solr.common.cloud.Slice;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * The fault form of the load test: stops one node at a given time of the run and starts it again
 * later while the clients go on, then waits until every replica is active. It keeps the phase the
 * run is in, and what the restart did: the native library mappings of the model engines, the
 * JVM-wide loaded models and the model store's listing on the restarted node's cores.
 */
final class NodeRestart implements Runnable {
  private static final long RECOVERY_LIMIT_SECONDS = 300;

  private final MiniSolrCloudCluster cluster;
  private final List<String> collections;
  private final String collection;
  private final int shards;
  private final int replicas;
  private final long stopAfterNanos;
  private final long startAfterNanos;
  private long stopAtNanos;
  private long startAtNanos;
  private volatile Phase phase = Phase.BEFORE;
  private final Map<Phase, Long> phaseStartNanos = new EnumMap<>(Phase.class);
  private final Map<String, Object> figures = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();

  /**
   * Stops a node that long after the run starts, and starts it again; then waits for every replica
   * of the collections to be active. The node is the one leading the most shards of the first
   * collection, so that the fault makes leaders change; its cores are the ones whose model
   * listings are compared.
   */
  NodeRestart(MiniSolrCloudCluster cluster, List<String> collections, int shards,
      int replicas, long stopAfterNanos, long startAfterNanos) {
    this.cluster = cluster;
    this.collections = collections;
    this.collection = collections.get(0);
    this.shards = shards;
    this.replicas = replicas;
    this.stopAfterNanos = stopAfterNanos;
    this.startAfterNanos = startAfterNanos;
  }

  /** Sets the run's start; call before {@link #run}. */
  synchronized NodeRestart startingAt(long runStartNanos) {
    stopAtNanos = runStartNanos + stopAfterNanos;
    startAtNanos = runStartNanos + startAfterNanos;
    phaseStartNanos.put(Phase.BEFORE, runStartNanos);
    return this;
  }

  Phase phase() {
    return phase;
  }

  @Override
  public void run() {
    try {
      restart();
    } catch (Exception e) {
      synchronized (this) {
        problems.add("the restart failed in phase " + phase + ": " + e);
      }
      e.printStackTrace();
    }
  }

  private void restart() throws Exception {
    sleepUntil(stopAtNanos);
    DocCollection state = cluster.getSolrClient().getClusterState().getCollection(collection);
    JettySolrRunner jetty = mostLeaders(state);
    String nodeName = jetty.getNodeName();
    synchronized (this) {
      figures.put("stopped_node", jetty.getBaseUrl().toString());
      figures.put("stopped_node_led", ledBy(state, nodeName));
      figures.put("shards_without_a_replica_elsewhere", shardsOnlyOn(state, nodeName));
      figures.put("native_before", NativeMappings.now());
      figures.put("loaded_models_before", loadedModels());
      figures.put("model_listing_before", modelListing(state, nodeName));
    }
    enter(Phase.OUTAGE);
    try {
      cluster.stopJettySolrRunner(jetty);
    } catch (Exception e) {
      // Jetty waits 15 s for the requests in flight, then cuts them and stops all the same.
      synchronized (this) {
        figures.put("stop_exception", e.toString());
      }
    }
    cluster.waitForJettyToStop(jetty);
    synchronized (this) {
      figures.put("stop_seconds", seconds(phaseStartNanos.get(Phase.OUTAGE), System.nanoTime()));
      figures.put("loaded_models_while_stopped", loadedModels());
    }
    sleepUntil(startAtNanos);
    enter(Phase.RECOVERY);
    cluster.startJettySolrRunner(jetty, true); // on its port: the same node, not a new one
    for (String each : collections) {
      cluster.waitForActiveCollection(each, RECOVERY_LIMIT_SECONDS, TimeUnit.SECONDS, shards,
          shards * replicas);
    }
    enter(Phase.AFTER);
    state = cluster.getSolrClient().getClusterState().getCollection(collection);
    synchronized (this) {
      if (!jetty.getNodeName().equals(nodeName)) {
        problems.add("the node came back as " + jetty.getNodeName() + ", not " + nodeName);
      }
      figures.put("recovery_seconds",
          seconds(phaseStartNanos.get(Phase.RECOVERY), phaseStartNanos.get(Phase.AFTER)));
      figures.put("native_after", NativeMappings.now());
      figures.put("loaded_models_after", loadedModels());
      figures.put("model_listing_after", modelListing(state, nodeName));
      compare("native_before", "native_after",
          "the engines' native libraries are mapped differently after the restart");
      compare("loaded_models_before", "loaded_models_after",
          "the JVM-wide loaded models differ after the restart");
      compare("model_listing_before", "model_listing_after",
          "the restarted node's cores list other models than before");
      if (((Map<?, ?>) figures.get("model_listing_after")).isEmpty()) {
        problems.add("the restarted node has no core listing its models");
      }
    }
  }

  private synchronized void enter(Phase next) {
    phaseStartNanos.put(next, System.nanoTime());
    phase = next;
    System.out.printf(java.util.Locale.ROOT, "fault: %s (%s)%n", next, next.description());
  }

  /** Seconds spent in each phase, the last one up to {@code endNanos}. */
  synchronized Map<Phase, Double> phaseSeconds(long endNanos) {
    Map<Phase, Double> seconds = new EnumMap<>(Phase.class);
    List<Phase> entered = new ArrayList<>(phaseStartNanos.keySet());
    for (int i = 0; i < entered.size(); i++) {
      long begin = phaseStartNanos.get(entered.get(i));
      // The last phase may have begun after the clients stopped: then it lasted 0 s for them.
      long end = i + 1 < entered.size()
          ? phaseStartNanos.get(entered.get(i + 1))
          : Math.max(begin, endNanos);
      seconds.put(entered.get(i), seconds(begin, end));
    }
    return seconds;
  }

  synchronized Map<String, Object> figures() {
    return new LinkedHashMap<>(figures);
  }

  synchronized List<String> problems() {
    List<String> all = new ArrayList<>(problems);
    if (phase != Phase.AFTER && all.isEmpty()) {
      all.add("the run ended in phase " + phase + ", before the node was back and recovered");
    }
    return all;
  }

  private void compare(String before, String after, String problem) {
    if (!String.valueOf(figures.get(before)).equals(String.valueOf(figures.get(after)))) {
      problems.add(problem + ": before " + figures.get(before) + ", after " + figures.get(after));
    }
  }

  /** The node leading the most shards of the collection. */
  private JettySolrRunner mostLeaders(DocCollection state) {
    JettySolrRunner most = null;
    for (JettySolrRunner each : cluster.getJettySolrRunners()) {
      if (most == null
          || ledBy(state, each.getNodeName()).size() > ledBy(state, most.getNodeName()).size()) {
        most = each;
      }
    }
    return most;
  }

  private static List<String> ledBy(DocCollection state, String nodeName) {
    List<String> led = new ArrayList<>();
    for (Slice slice : state.getSlices()) {
      if (slice.getLeader() != null && slice.getLeader().getNodeName().equals(nodeName)) {
        led.add(slice.getName());
      }
    }
    return led;
  }

  /** Shards whose every replica is on the node: queries then have nowhere else to go. */
  private static List<String> shardsOnlyOn(DocCollection state, String nodeName) {
    List<String> only = new ArrayList<>();
    for (Slice slice : state.getSlices()) {
      if (slice.getReplicas().stream().allMatch(r -> r.getNodeName().equals(nodeName))) {
        only.add(slice.getName());
      }
    }
    return only;
  }

  /** Each loaded model file with the number of cores holding it, from the JVM-wide registry. */
  private static Map<String, Integer> loadedModels() {
    Map<String, Integer> loaded = new TreeMap<>();
    for (ModelSpec spec : ModelRegistry.get().loaded()) {
      loaded.merge(spec.modelFile().toString(), ModelRegistry.get().referenceCount(spec), Integer::sum);
    }
    return loaded;
  }

  /** For each core of the collection on the node: its models (name, sha256), as /neural/models lists them. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> modelListing(DocCollection state, String nodeName)
      throws Exception {
    Map<String, Object> cores = new TreeMap<>();
    for (Replica replica : state.getReplicas()) {
      if (!replica.getNodeName().equals(nodeName)) {
        continue;
      }
      GenericSolrRequest request =
          new GenericSolrRequest(SolrRequest.METHOD.GET, "/neural/models", new ModifiableSolrParams());
      request.setRequiresCollection(true);
      Map<String, Object> models = new TreeMap<>();
      try (SolrClient core = SolrClients.http(replica.getBaseUrl())) {
        for (NamedList<Object> model :
            (List<NamedList<Object>>) core.request(request, replica.getCoreName()).get("models")) {
          models.put((String) model.get("name"), model.get("sha256"));
        }
      }
      cores.put(replica.getCoreName(), models);
    }
    return cores;
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long wait = nanos - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  private static double seconds(long fromNanos, long toNanos) {
    return RequestStats.round((toNanos - fromNanos) / 1e9, 1);
  }
}
