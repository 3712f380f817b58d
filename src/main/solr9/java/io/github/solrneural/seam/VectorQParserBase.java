package io.github.solrneural.seam;

import org.apache.solr.common.params.SolrParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.search.neural.AbstractVectorQParserBase;

/** Solr's base of vector query parsers, in package {@code search.neural} on Solr 9. */
public abstract class VectorQParserBase extends AbstractVectorQParserBase {
  protected VectorQParserBase(
      String qstr, SolrParams localParams, SolrParams params, SolrQueryRequest req) {
    super(qstr, localParams, params, req);
  }
}
