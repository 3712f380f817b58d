package io.github.solrneural.search;

import io.github.solrneural.model.PairScorer;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocsCollector;
import org.apache.lucene.util.BytesRef;
import org.apache.solr.handler.component.QueryElevationComponent;
import org.apache.solr.request.SolrRequestInfo;
import org.apache.solr.search.AbstractReRankQuery;
import org.apache.solr.search.QueryCommand;
import org.apache.solr.search.ReRankOperator;

/**
 * Reranks the top {@code reRankDocs} hits of the main query with a cross-encoder, through Solr's
 * ReRankCollector like {@code {!rerank}} and LTR. Its equality covers every parameter that changes
 * the result, so the query result cache tells apart requests that differ in model, text, field,
 * window or mode; the time budget does not change a complete result and is left out.
 *
 * <p>A rerank that fell back to the first-stage order must not be served from the query result
 * cache later. Solr 9.10 caches what its ReRankCollector returns after such a fallback (the query
 * result is not marked partial), so a query whose rerank fell back equals no other query: the page
 * cached under it is never found again and ages out of the cache.
 */
final class CrossEncoderRerankQuery extends AbstractReRankQuery {
  // Solr replaces it through wrap() with the request's q.
  private static final Query NO_MAIN_QUERY_YET = new MatchAllDocsQuery();

  private final CrossEncoderRescorer rescorer;
  private final RerankRequest request;
  private final boolean explainResults;

  /**
   * @param reRankTimeAllowedMillis the rerank's own time budget, or a negative value for none
   * @param fallbacks counts the reranks that kept their first-stage order
   */
  CrossEncoderRerankQuery(
      PairScorer crossEncoder,
      RerankRequest request,
      boolean explainResults,
      long reRankTimeAllowedMillis,
      LongAdder fallbacks) {
    this(
        new CrossEncoderRescorer(crossEncoder, request, reRankTimeAllowedMillis, fallbacks),
        request,
        explainResults);
  }

  private CrossEncoderRerankQuery(
      CrossEncoderRescorer rescorer, RerankRequest request, boolean explainResults) {
    super(NO_MAIN_QUERY_YET, request.reRankDocs(), rescorer, null, ReRankOperator.REPLACE);
    this.rescorer = rescorer;
    this.request = request;
    this.explainResults = explainResults;
  }

  RerankRequest request() {
    return request;
  }

  /** The rewritten query shares the rescorer, so explain sees the scores of this request. */
  @Override
  protected Query rewrite(Query rewrittenMainQuery) throws IOException {
    return new CrossEncoderRerankQuery(rescorer, request, explainResults).wrap(rewrittenMainQuery);
  }

  /** As Solr's own, keeping elevated documents on top, but reporting model failures as such. */
  @Override
  @SuppressWarnings("unchecked")
  public TopDocsCollector<? extends ScoreDoc> getTopDocsCollector(
      int len, QueryCommand cmd, IndexSearcher searcher) throws IOException {
    if (boostedPriority == null) {
      SolrRequestInfo info = SolrRequestInfo.getRequestInfo();
      if (info != null) {
        boostedPriority =
            (Set<BytesRef>) info.getReq().getContext().get(QueryElevationComponent.BOOSTED);
      }
    }
    return new CrossEncoderReRankCollector(
        reRankDocs, len, reRankQueryRescorer, cmd, searcher, boostedPriority, request.modelName());
  }

  /** Explaining reads the score parts kept by this request's rescore, so it must really run. */
  @Override
  public boolean getCache() {
    return !explainResults && super.getCache();
  }

  @Override
  public int hashCode() {
    return 31 * (31 * classHash() + mainQuery.hashCode()) + request.hashCode();
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!sameClassAs(other)) {
      return false;
    }
    CrossEncoderRerankQuery that = (CrossEncoderRerankQuery) other;
    return !rescorer.incomplete()
        && !that.rescorer.incomplete()
        && mainQuery.equals(that.mainQuery)
        && request.equals(that.request);
  }

  @Override
  public String toString(String field) {
    return "{!" + CrossEncoderRerankQParserPlugin.NAME
        + " mainQuery='" + mainQuery + "'"
        + " model=" + request.modelName()
        + " f=" + request.field()
        + " reRankDocs=" + request.reRankDocs()
        + " reRankOperator=" + request.mode().label()
        + " reRankWeight=" + request.weight()
        + " reRankSigmoid=" + request.sigmoid()
        + (rescorer.reRankTimeAllowedMillis() < 0
            ? ""
            : " reRankTimeAllowed=" + rescorer.reRankTimeAllowedMillis())
        + " v='" + request.queryText() + "'}";
  }
}
