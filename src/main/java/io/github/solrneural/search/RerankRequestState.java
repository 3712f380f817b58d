package io.github.solrneural.search;

import java.util.HashMap;
import java.util.Map;
import org.apache.solr.request.SolrRequestInfo;

/**
 * What one request's rerank leaves for its explanations: the score parts of the scored window, or
 * why it kept the first-stage order. It lives in the request's context, keyed by the rescorer, as
 * LTR keeps its feature scores there: the query object may outlive the request as a cache key, and
 * must then hold nothing of it.
 */
final class RerankRequestState {
  private final Map<Integer, CrossEncoderRescorer.ScoreParts> window = new HashMap<>();
  private boolean scored;
  private String fallbackReason;
  private RerankBudget explainBudget;

  /** The state of the current request for the rescorer, created on first use. */
  static RerankRequestState of(Object rescorer) {
    SolrRequestInfo info = SolrRequestInfo.getRequestInfo();
    if (info == null) {
      // Outside a request nothing can be explained later: nothing to keep.
      return new RerankRequestState();
    }
    Map<Object, Object> context = info.getReq().getContext();
    synchronized (context) {
      return (RerankRequestState)
          context.computeIfAbsent(rescorer, unused -> new RerankRequestState());
    }
  }

  /** The state of the current request for the rescorer, or null when it did not run in it. */
  static RerankRequestState find(Object rescorer) {
    SolrRequestInfo info = SolrRequestInfo.getRequestInfo();
    if (info == null) {
      return null;
    }
    Map<Object, Object> context = info.getReq().getContext();
    synchronized (context) {
      return (RerankRequestState) context.get(rescorer);
    }
  }

  synchronized void scored(Map<Integer, CrossEncoderRescorer.ScoreParts> parts) {
    window.clear();
    window.putAll(parts);
    scored = true;
    fallbackReason = null;
  }

  synchronized void fellBack(String reason) {
    window.clear();
    scored = false;
    fallbackReason = reason;
  }

  /** Why this request's rerank kept the first-stage order; null when it did not. */
  synchronized String fallbackReason() {
    return fallbackReason;
  }

  /** Whether this request scored a window. */
  synchronized boolean scored() {
    return scored;
  }

  synchronized CrossEncoderRescorer.ScoreParts parts(int docId) {
    return window.get(docId);
  }

  /** One budget for all the explanations of the request, started by the first. */
  synchronized RerankBudget explainBudget(long reRankTimeAllowedMillis) {
    if (explainBudget == null) {
      explainBudget = RerankBudget.start(reRankTimeAllowedMillis);
    }
    return explainBudget;
  }
}
