package io.github.solrneural.search;

import io.github.solrneural.model.Budget;
import java.util.concurrent.TimeUnit;
import org.apache.solr.common.params.CommonParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.request.SolrRequestInfo;
import org.apache.solr.search.QueryLimits;

/**
 * The time one rerank may take: {@code reRankTimeAllowed} from the start of the rerank, and the
 * request's own query limits ({@code timeAllowed}, {@code cpuAllowed}, {@code memAllowed}) through
 * Solr's QueryLimits. Whichever runs out first ends the rerank.
 *
 * <p>Solr's CPU and memory limits read counters of the thread that asks, so only the request's own
 * thread consults them. The model's threads, which check the budget before each forward pass, see
 * the deadlines and whether the request thread found a limit exceeded; otherwise they would charge
 * a request with what they spent on other requests' passes. So {@code cpuAllowed} and {@code
 * memAllowed} count the request thread's work (reading and tokenising passages), not the forward
 * passes, which run on the model's threads.
 */
final class RerankBudget implements Budget {
  private final long reRankTimeAllowedMillis;
  private final long rerankDeadline;
  private final long timeAllowedMillis;
  private final long requestDeadline;
  private final QueryLimits limits;
  private final Thread requestThread = Thread.currentThread();
  private volatile boolean limitsExceeded;

  private RerankBudget(
      long reRankTimeAllowedMillis,
      long rerankDeadline,
      long timeAllowedMillis,
      long requestDeadline,
      QueryLimits limits) {
    this.reRankTimeAllowedMillis = reRankTimeAllowedMillis;
    this.rerankDeadline = rerankDeadline;
    this.timeAllowedMillis = timeAllowedMillis;
    this.requestDeadline = requestDeadline;
    this.limits = limits;
  }

  /**
   * Starts the clock of a rerank.
   *
   * @param reRankTimeAllowedMillis the rerank's own budget, or a negative value for none
   */
  static RerankBudget start(long reRankTimeAllowedMillis) {
    long now = System.nanoTime();
    long rerankDeadline =
        reRankTimeAllowedMillis < 0 ? 0 : now + TimeUnit.MILLISECONDS.toNanos(reRankTimeAllowedMillis);
    long timeAllowed = -1;
    long requestDeadline = 0;
    SolrRequestInfo info = SolrRequestInfo.getRequestInfo();
    if (info != null) {
      SolrQueryRequest req = info.getReq();
      timeAllowed = req.getParams().getLong(CommonParams.TIME_ALLOWED, -1L);
      if (timeAllowed >= 0) {
        long spentMillis = (long) req.getRequestTimer().getTime();
        requestDeadline = now + TimeUnit.MILLISECONDS.toNanos(timeAllowed - spentMillis);
      }
    }
    return new RerankBudget(
        reRankTimeAllowedMillis, rerankDeadline, timeAllowed, requestDeadline,
        QueryLimits.getCurrentLimits());
  }

  @Override
  public long remainingNanos() {
    if (limitsExceeded) {
      return 0;
    }
    if (Thread.currentThread() == requestThread
        && limits.isLimitsEnabled()
        && limits.shouldExit()) {
      limitsExceeded = true;
      return 0;
    }
    long now = System.nanoTime();
    long remaining = Long.MAX_VALUE;
    if (reRankTimeAllowedMillis >= 0) {
      remaining = Math.min(remaining, rerankDeadline - now);
    }
    if (timeAllowedMillis >= 0) {
      remaining = Math.min(remaining, requestDeadline - now);
    }
    return remaining;
  }

  @Override
  public String describe() {
    long now = System.nanoTime();
    if (reRankTimeAllowedMillis >= 0 && rerankDeadline - now <= 0) {
      return CrossEncoderRerankQParser.RERANK_TIME_ALLOWED + "=" + reRankTimeAllowedMillis
          + " ms exceeded";
    }
    if (timeAllowedMillis >= 0 && requestDeadline - now <= 0) {
      return CommonParams.TIME_ALLOWED + "=" + timeAllowedMillis + " ms exceeded";
    }
    // The status message rechecks every limit, which only the request thread may do.
    return Thread.currentThread() == requestThread
        ? "query limits exceeded: " + limits.limitStatusMessage()
        : "query limits exceeded";
  }
}
