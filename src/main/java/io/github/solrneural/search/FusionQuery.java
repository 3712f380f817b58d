package io.github.solrneural.search;

import io.github.solrneural.fusion.FusedHits;
import io.github.solrneural.fusion.FusionSpec;
import io.github.solrneural.fusion.RankFusion;
import io.github.solrneural.fusion.RankedList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.queries.function.FunctionScoreQuery;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.FixedBitSet;
import org.apache.solr.search.BitDocSet;
import org.apache.solr.search.QueryLimits;

/**
 * Matches the union of its sub-queries' top {@code upTo} hits, scored by their fusion. As Lucene's
 * KNN query does, it runs the sub-queries when it is rewritten for a searcher (each restricted by
 * the request's filter queries, so ranks count only documents the request can return) and becomes
 * a query over those documents with their fused scores. Holds only what the request asked for, so
 * that equal requests share Solr's queryResultCache entries; the collected hits live in the
 * rewritten query only.
 */
final class FusionQuery extends Query {
  private final FusionSpec spec;
  private final List<Query> subQueries;
  private final Query filter;

  /**
   * @param subQueries the sub-queries, in the order of the spec's names
   * @param filter the request's filter queries (not post filters), or null for none
   */
  FusionQuery(FusionSpec spec, List<Query> subQueries, Query filter) {
    if (subQueries.size() != spec.names().size()) {
      throw new IllegalArgumentException(
          spec.names().size() + " names but " + subQueries.size() + " sub-queries");
    }
    this.spec = spec;
    this.subQueries = List.copyOf(subQueries);
    this.filter = filter;
  }

  @Override
  public Query rewrite(IndexSearcher searcher) throws IOException {
    List<RankedList> lists = new ArrayList<>(subQueries.size());
    for (int i = 0; i < subQueries.size(); i++) {
      String name = spec.names().get(i);
      // As Solr's own stages do: past timeAllowed (or another limit), stop with what was collected.
      if (QueryLimits.getCurrentLimits().maybeExitWithPartialResults(
          "fusion, before sub-query '" + name + "'")) {
        break;
      }
      lists.add(collect(searcher, name, subQueries.get(i)));
    }
    FusedHits hits = RankFusion.fuse(spec, lists);
    FixedBitSet docs = new FixedBitSet(Math.max(1, searcher.getIndexReader().maxDoc()));
    for (int doc : hits.docsById()) {
      docs.set(doc);
    }
    return new FunctionScoreQuery(
        new BitDocSet(docs, hits.size()).makeQuery(), new FusedScores(hits));
  }

  private RankedList collect(IndexSearcher searcher, String name, Query subQuery)
      throws IOException {
    Query query = filter == null
        ? subQuery
        : new BooleanQuery.Builder()
            .add(subQuery, BooleanClause.Occur.MUST)
            .add(filter, BooleanClause.Occur.FILTER)
            .build();
    TopDocs top = searcher.search(query, spec.upTo());
    int[] docs = new int[top.scoreDocs.length];
    float[] scores = new float[top.scoreDocs.length];
    for (int i = 0; i < docs.length; i++) {
      ScoreDoc hit = top.scoreDocs[i];
      docs[i] = hit.doc;
      scores[i] = hit.score;
    }
    return new RankedList(name, docs, scores);
  }

  @Override
  public void visit(QueryVisitor visitor) {
    QueryVisitor each = visitor.getSubVisitor(BooleanClause.Occur.SHOULD, this);
    for (Query subQuery : subQueries) {
      subQuery.visit(each);
    }
  }

  @Override
  public String toString(String field) {
    StringBuilder text = new StringBuilder("fusion(").append(spec.method().name().toLowerCase(
        java.util.Locale.ROOT));
    text.append(" k=").append(spec.rrfK()).append(" normalization=")
        .append(spec.normalization().name().toLowerCase(java.util.Locale.ROOT))
        .append(" upTo=").append(spec.upTo());
    for (int i = 0; i < subQueries.size(); i++) {
      text.append(' ').append(spec.names().get(i)).append('^').append(spec.weights().get(i))
          .append("=[").append(subQueries.get(i).toString(field)).append(']');
    }
    if (filter != null) {
      text.append(" filter=[").append(filter.toString(field)).append(']');
    }
    return text.append(')').toString();
  }

  @Override
  public boolean equals(Object other) {
    return sameClassAs(other)
        && spec.equals(((FusionQuery) other).spec)
        && subQueries.equals(((FusionQuery) other).subQueries)
        && Objects.equals(filter, ((FusionQuery) other).filter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(classHash(), spec, subQueries, filter);
  }
}
