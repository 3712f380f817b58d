package io.github.solrneural.testing;

/** What Solr 10 answers when a request's own timeAllowed runs out during the rerank. */
public final class QueryLimitsPage {
  /** Solr 10's QueryComponent drops the page of a request whose limits ran out, whatever the rerank did. */
  public static final boolean KEPT = false;

  private QueryLimitsPage() {}
}
