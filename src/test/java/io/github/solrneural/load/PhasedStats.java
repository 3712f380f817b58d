package io.github.solrneural.load;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Request stats of the whole run that also keep each phase's own, by the phase an answer came in. */
final class PhasedStats extends RequestStats {
  private final Supplier<Phase> phase;
  private final Map<Phase, RequestStats> byPhase = new EnumMap<>(Phase.class);

  PhasedStats(Supplier<Phase> phase) {
    this.phase = phase;
    for (Phase each : Phase.values()) {
      byPhase.put(each, new RequestStats());
    }
  }

  @Override
  synchronized void served(long nanos) {
    super.served(nanos);
    byPhase.get(phase.get()).served(nanos);
  }

  @Override
  synchronized void error(String status, String description) {
    super.error(status, description);
    byPhase.get(phase.get()).error(status, description);
  }

  @Override
  synchronized void failover() {
    super.failover();
    byPhase.get(phase.get()).failover();
  }

  RequestStats of(Phase which) {
    return byPhase.get(which);
  }

  /** Each phase's summary over its own duration, in seconds by phase. */
  Map<String, Object> phaseSummaries(Map<Phase, Double> seconds) {
    Map<String, Object> summaries = new LinkedHashMap<>();
    seconds.forEach((which, duration) ->
        summaries.put(which.name().toLowerCase(java.util.Locale.ROOT),
            byPhase.get(which).summary(Math.max(duration, 1e-3))));
    return summaries;
  }
}
