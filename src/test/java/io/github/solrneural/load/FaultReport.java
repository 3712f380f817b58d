package io.github.solrneural.load;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The figures and checks of the fault form, by phase: with both nodes up nothing may fail; while a
 * node is down or recovering, a query gets a 200 with a full page every shard answered to (from the
 * remaining replicas) or a 503 with a message, never a wrong page; an update gets a 200 or an HTTP
 * error with a message (and is sent again: what counts is that no acknowledged document is lost,
 * which the index check sees); the restart maps no second copy of a native library.
 */
final class FaultReport {
  /** What a query may get while a node is down or recovering, besides a 200 with a right page. */
  private static final Set<String> CLEAR_REFUSALS = Set.of("HTTP 503");

  private final NodeRestart restart;
  private final ProbeClient probe;
  private final PhasedStats queries;
  private final PhasedStats updates;
  private final PhasedStats probes;
  private final Map<Phase, Double> seconds;
  private final Map<String, Boolean> checks = new LinkedHashMap<>();

  FaultReport(NodeRestart restart, ProbeClient probe, PhasedStats queries, PhasedStats updates,
      PhasedStats probes, long endNanos) {
    this.restart = restart;
    this.probe = probe;
    this.queries = queries;
    this.updates = updates;
    this.probes = probes;
    this.seconds = restart.phaseSeconds(endNanos);
    long healthyTrouble = 0;
    long unclearQueries = 0;
    long unclearUpdates = 0;
    for (Phase phase : Phase.values()) {
      for (RequestStats stats : List.of(queries.of(phase), updates.of(phase), probes.of(phase))) {
        if (phase.healthy()) {
          healthyTrouble += stats.errors() + stats.failovers();
        }
      }
      if (!phase.healthy()) {
        unclearQueries += queries.of(phase).errorsBesides(CLEAR_REFUSALS)
            + probes.of(phase).errorsBesides(CLEAR_REFUSALS);
        unclearUpdates += updates.of(phase).errors() - updates.of(phase).httpErrorsWithMessage();
      }
    }
    checks.put("both nodes up (before the stop, after recovery): 0 errors, 0 failovers",
        healthyTrouble == 0);
    checks.put("node down or recovering: every query a 200 with a full page from every shard (the"
        + " probe's: the page both nodes gave), or a 503 with a message; never a wrong page",
        unclearQueries == 0);
    checks.put("node down or recovering: every failed update an HTTP error with a message (and sent"
        + " again), none unanswered", unclearUpdates == 0);
    checks.put("queries were served while the node was down",
        queries.of(Phase.OUTAGE).served() > 0);
    checks.put("probe: questions with a page both nodes agree on, asked while the node was down or"
        + " recovering",
        (int) probe.figures().get("questions_with_reference_page") > 0
            && probes.of(Phase.OUTAGE).served() + probes.of(Phase.RECOVERY).served() > 0);
    checks.put("the node came back, its replicas recovered, the same models and native library"
        + " mappings as before", restart.problems().isEmpty());
  }

  Map<String, Boolean> checks() {
    return checks;
  }

  void print(PrintStream out) {
    out.println();
    out.println("fault: " + restart.figures().get("stopped_node") + " stopped and started again;"
        + " seconds by phase " + seconds);
    out.printf(Locale.ROOT, "%-9s %-8s %8s %7s %9s %9s %9s  %s%n",
        "phase", "requests", "served", "errors", "failovers", "p50 ms", "max ms", "errors by status");
    for (Phase phase : seconds.keySet()) {
      printRow(out, phase, "query", queries.of(phase).summary(seconds.get(phase)));
      printRow(out, phase, "update", updates.of(phase).summary(seconds.get(phase)));
      printRow(out, phase, "probe", probes.of(phase).summary(seconds.get(phase)));
    }
    Map<String, Object> figures = restart.figures();
    for (String key : List.of("stopped_node_led", "stop_seconds", "stop_exception", "recovery_seconds",
        "shards_without_a_replica_elsewhere", "native_before", "native_after", "loaded_models_before", "loaded_models_while_stopped",
        "loaded_models_after", "model_listing_before", "model_listing_after")) {
      out.println("  " + key + ": " + figures.get(key));
    }
    out.println("  probe: " + probe.figures());
    for (Phase phase : seconds.keySet()) {
      for (RequestStats stats : List.of(queries.of(phase), updates.of(phase), probes.of(phase))) {
        @SuppressWarnings("unchecked")
        Map<String, Long> kinds = (Map<String, Long>) stats.summary(1).get("error_kinds");
        kinds.forEach((kind, count) -> out.printf(Locale.ROOT, "  %s error x%d: %s%n",
            phase.name().toLowerCase(Locale.ROOT), count, kind));
      }
    }
    restart.problems().forEach(problem -> out.println("  problem: " + problem));
  }

  private static void printRow(PrintStream out, Phase phase, String name, Map<String, Object> stats) {
    out.printf(Locale.ROOT, "%-9s %-8s %8d %7d %9d %9.1f %9.1f  %s%n",
        phase.name().toLowerCase(Locale.ROOT), name, stats.get("served"), stats.get("errors"),
        stats.get("failovers"), stats.get("latency_ms_p50"), stats.get("latency_ms_max"),
        stats.get("errors_by_status"));
  }

  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    Map<String, Object> phaseSeconds = new LinkedHashMap<>();
    seconds.forEach((phase, value) -> phaseSeconds.put(phase.name().toLowerCase(Locale.ROOT), value));
    map.put("phase_seconds", phaseSeconds);
    map.put("queries_by_phase", queries.phaseSummaries(seconds));
    map.put("updates_by_phase", updates.phaseSummaries(seconds));
    map.put("probe_queries_by_phase", probes.phaseSummaries(seconds));
    map.put("probe", probe.figures());
    map.putAll(restart.figures());
    map.put("problems", restart.problems());
    return map;
  }
}
