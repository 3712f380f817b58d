package io.github.solrneural.testing;

/** SolrJ's query builder, which moved to {@code client.solrj.request} in Solr 10. */
public class SolrjQuery extends org.apache.solr.client.solrj.SolrQuery {
  public SolrjQuery() {}

  public SolrjQuery(String q) {
    super(q);
  }

  /** A copy with the same parameters (SolrQuery's own copy has SolrQuery's type). */
  public SolrjQuery copy() {
    SolrjQuery copy = new SolrjQuery();
    copy.add(this);
    return copy;
  }
}
