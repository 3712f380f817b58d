package io.github.solrneural.search;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.fusion.FusionMethod;
import io.github.solrneural.fusion.FusionSpec;
import io.github.solrneural.fusion.Normalization;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.Test;

/**
 * The fusion query without Solr, on a small Lucene index in two segments: a cache key that covers
 * every setting, and a rewrite whose ranks count only filtered documents.
 */
public class FusionQueryTest {
  private static final Query RED = new TermQuery(new Term("text", "red"));
  private static final Query BLUE = new TermQuery(new Term("text", "blue"));
  private static final Query KEPT = new TermQuery(new Term("kept", "yes"));

  private static FusionSpec spec(List<Double> weights, FusionMethod method, int k,
      Normalization normalization, int upTo) {
    return new FusionSpec(List.of("red", "blue"), weights, method, k, normalization, upTo);
  }

  private static FusionSpec rrf(int upTo) {
    return spec(List.of(1.0, 1.0), FusionMethod.RRF, 60, Normalization.MINMAX, upTo);
  }

  @Test
  public void equalityCoversEverySettingSubQueryAndFilter() {
    FusionQuery query = new FusionQuery(rrf(10), List.of(RED, BLUE), KEPT);
    assertEquals(query, new FusionQuery(rrf(10), List.of(RED, BLUE), KEPT));
    assertEquals(query.hashCode(), new FusionQuery(rrf(10), List.of(RED, BLUE), KEPT).hashCode());
    List<FusionQuery> others = List.of(
        new FusionQuery(rrf(11), List.of(RED, BLUE), KEPT),
        new FusionQuery(spec(List.of(1.0, 2.0), FusionMethod.RRF, 60, Normalization.MINMAX, 10),
            List.of(RED, BLUE), KEPT),
        new FusionQuery(spec(List.of(1.0, 1.0), FusionMethod.RRF, 61, Normalization.MINMAX, 10),
            List.of(RED, BLUE), KEPT),
        new FusionQuery(spec(List.of(1.0, 1.0), FusionMethod.LINEAR, 60, Normalization.MINMAX,
            10), List.of(RED, BLUE), KEPT),
        new FusionQuery(spec(List.of(1.0, 1.0), FusionMethod.RRF, 60, Normalization.L2, 10),
            List.of(RED, BLUE), KEPT),
        new FusionQuery(new FusionSpec(List.of("blue", "red"), List.of(1.0, 1.0),
            FusionMethod.RRF, 60, Normalization.MINMAX, 10), List.of(RED, BLUE), KEPT),
        new FusionQuery(rrf(10), List.of(BLUE, RED), KEPT),
        new FusionQuery(rrf(10), List.of(RED, BLUE), null));
    for (FusionQuery other : others) {
      assertNotEquals(other.toString(), query, other);
    }
  }

  @Test
  public void rewriteFusesTheFilteredTopHitsOfEachSubQuery() throws Exception {
    try (ByteBuffersDirectory directory = new ByteBuffersDirectory()) {
      try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
        for (int i = 0; i < 12; i++) {
          Document doc = new Document();
          doc.add(new TextField("text", ("red ".repeat(i % 4 + 1) + "blue ".repeat(12 - i)
              + "word ".repeat(i)).trim(), Field.Store.NO));
          doc.add(new StringField("kept", i % 3 == 0 ? "no" : "yes", Field.Store.NO));
          writer.addDocument(doc);
          if (i == 5) {
            writer.commit(); // a second segment: documents ids are per leaf
          }
        }
      }
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        int upTo = 4;
        Map<Integer, Double> expected = new HashMap<>();
        for (Query subQuery : List.of(RED, BLUE)) {
          ScoreDoc[] top = searcher.search(filtered(subQuery), upTo).scoreDocs;
          for (int rank = 1; rank <= top.length; rank++) {
            expected.merge(top[rank - 1].doc, 1.0 / (60 + rank), Double::sum);
          }
        }
        FusionQuery fusion = new FusionQuery(rrf(upTo), List.of(RED, BLUE), KEPT);
        TopDocs fused = searcher.search(fusion, 100);
        Map<Integer, Double> actual = new HashMap<>();
        for (ScoreDoc hit : fused.scoreDocs) {
          actual.put(hit.doc, (double) hit.score);
          assertTrue(searcher.explain(fusion, hit.doc).toString(),
              searcher.explain(fusion, hit.doc).toString().contains("rank "));
        }
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((doc, score) -> assertEquals(score, actual.get(doc), 1e-6));
        assertFalse("documents 0, 3, 6, 9 are filtered out", actual.keySet().stream()
            .anyMatch(doc -> doc % 3 == 0));
      }
    }
  }

  private static Query filtered(Query subQuery) {
    return new BooleanQuery.Builder()
        .add(subQuery, BooleanClause.Occur.MUST)
        .add(KEPT, BooleanClause.Occur.FILTER)
        .build();
  }
}
