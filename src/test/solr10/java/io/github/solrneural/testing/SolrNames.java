package io.github.solrneural.testing;

/** Names Solr 10 uses where Solr 9 and Solr 10 differ. */
public final class SolrNames {
  /** The system property that lists the folders, besides the Solr home, a core may read. */
  public static final String ALLOW_PATHS_PROPERTY = "solr.security.allow.paths";

  private SolrNames() {}
}
