package io.github.solrneural.search;

import io.github.solrneural.fusion.FusedHits;
import io.github.solrneural.fusion.FusionMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DoubleValues;
import org.apache.lucene.search.DoubleValuesSource;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;

/**
 * The fused score of each collected document, and its explanation: each sub-query's rank and
 * score, the weights and settings, and the sum. Belongs to one rewritten query of one searcher.
 */
final class FusedScores extends DoubleValuesSource {
  private final FusedHits hits;

  FusedScores(FusedHits hits) {
    this.hits = hits;
  }

  @Override
  public DoubleValues getValues(LeafReaderContext context, DoubleValues scores) {
    int base = context.docBase;
    return new DoubleValues() {
      private double value;

      @Override
      public double doubleValue() {
        return value;
      }

      @Override
      public boolean advanceExact(int doc) {
        value = hits.scoreOf(base + doc);
        return !Double.isNaN(value);
      }
    };
  }

  @Override
  public Explanation explain(LeafReaderContext context, int doc, Explanation scoreExplanation) {
    int global = context.docBase + doc;
    double score = hits.scoreOf(global);
    if (Double.isNaN(score)) {
      return Explanation.noMatch("not in the top " + hits.spec().upTo() + " of any sub-query");
    }
    List<Explanation> details = new ArrayList<>();
    for (FusedHits.Part part : hits.parts(global)) {
      details.add(part.ranked()
          ? Explanation.match((float) part.contribution(), describe(part))
          : Explanation.match(0f, part.name() + ": not in the top " + hits.spec().upTo()));
    }
    return Explanation.match((float) score, hits.spec().describe(), details);
  }

  private String describe(FusedHits.Part part) {
    String weight = String.format(Locale.ROOT, "weight %s", part.weight());
    if (hits.spec().method() == FusionMethod.RRF) {
      return String.format(Locale.ROOT, "%s: rank %d (score %s), %s: %s/(%d+%d)", part.name(),
          part.rank(), part.score(), weight, part.weight(), hits.spec().rrfK(), part.rank());
    }
    return String.format(Locale.ROOT, "%s: rank %d (score %s, %s-normalised %s), %s: %s*%s",
        part.name(), part.rank(), part.score(),
        hits.spec().normalization().name().toLowerCase(Locale.ROOT), part.normalised(), weight,
        part.weight(), part.normalised());
  }

  @Override
  public boolean needsScores() {
    return false;
  }

  @Override
  public DoubleValuesSource rewrite(IndexSearcher searcher) {
    return this;
  }

  @Override
  public boolean isCacheable(LeafReaderContext context) {
    return false; // scores of this searcher's fusion only
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public boolean equals(Object other) {
    return this == other;
  }

  @Override
  public String toString() {
    return "fused scores of " + hits.size() + " documents";
  }
}
