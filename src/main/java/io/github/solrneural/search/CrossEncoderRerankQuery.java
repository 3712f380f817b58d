package io.github.solrneural.search;

import io.github.solrneural.model.PairScorer;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * window or mode; the time budget does not change a complete result and is left out. Equality and
 * hash never change once built, and the query keeps nothing of a request: what a rerank scored, or
 * why it fell back, is kept in the request's context ({@link RerankRequestState}).
 *
 * <p>A rerank that fell back to the first-stage order must not be served from the query result
 * cache later: {@link RerankCacheGuard} makes equal queries bypass the cache of that searcher.
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
    Object identity = cacheIdentity();
    AtomicBoolean settled = new AtomicBoolean();
    RerankCacheGuard.SHARED.started(searcher, identity);
    SolrRequestInfo info = SolrRequestInfo.getRequestInfo();
    if (info != null) {
      // In case the request fails before its window is reranked.
      info.addCloseHook(() -> settle(searcher, identity, settled));
    }
    return new CrossEncoderReRankCollector(
        reRankDocs, len, reRankQueryRescorer, cmd, searcher, boostedPriority, request.modelName(),
        request.chunksPerDocument(), () -> settle(searcher, identity, settled));
  }

  /** Ends the guard's watch over this rerank, and marks it if it fell back. */
  private void settle(IndexSearcher searcher, Object identity, AtomicBoolean settled) {
    if (!settled.compareAndSet(false, true)) {
      return;
    }
    RerankRequestState state = RerankRequestState.find(rescorer);
    if (state != null && state.fallbackReason() != null) {
      RerankCacheGuard.SHARED.fellBack(searcher, identity);
    }
    RerankCacheGuard.SHARED.finished(searcher, identity);
  }

  /**
   * Explaining reads the score parts kept by this request's rescore, so it must really run; and a
   * rerank equal to one that fell back on this searcher must not read the page cached for it.
   */
  @Override
  public boolean getCache() {
    if (explainResults || !super.getCache()) {
      return false;
    }
    SolrRequestInfo info = SolrRequestInfo.getRequestInfo();
    if (info == null || info.getReq().getCore() == null) {
      return true;
    }
    return RerankCacheGuard.SHARED.mayCache(info.getReq().getSearcher(), cacheIdentity());
  }

  /** What equality compares, as a value that stays the same while a rerank runs. */
  private Object cacheIdentity() {
    return List.of(mainQuery, request);
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
    return mainQuery.equals(that.mainQuery) && request.equals(that.request);
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
        + (request.chunksPerDocument() == 0
            ? ""
            : " chunksPerDocument=" + request.chunksPerDocument())
        + " v='" + request.queryText() + "'}";
  }
}
