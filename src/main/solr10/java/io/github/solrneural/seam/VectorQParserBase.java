package io.github.solrneural.seam;

import org.apache.solr.common.params.SolrParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.search.vector.AbstractVectorQParserBase;

/** Solr's base of vector query parsers, in package {@code search.vector} on Solr 10. */
public abstract class VectorQParserBase extends AbstractVectorQParserBase {
  protected VectorQParserBase(
      String qstr, SolrParams localParams, SolrParams params, SolrQueryRequest req) {
    super(qstr, localParams, params, req);
  }
}
