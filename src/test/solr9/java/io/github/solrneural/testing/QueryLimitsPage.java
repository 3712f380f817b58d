package io.github.solrneural.testing;

/** What Solr 9 answers when a request's own timeAllowed runs out during the rerank. */
public final class QueryLimitsPage {
  /** Solr 9 returns the page the components built, in the first-stage order the rerank fell back to. */
  public static final boolean KEPT = true;

  private QueryLimitsPage() {}
}
