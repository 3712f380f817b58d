package io.github.solrneural.search;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.model.BudgetExhaustedException;
import io.github.solrneural.model.PairScorer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopDocsCollector;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.request.LocalSolrQueryRequest;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.request.SolrRequestInfo;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.search.QueryCommand;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The rerank query as a cache key, driven without Solr on a small Lucene index: running it changes
 * neither its equality nor its hash, and what one request scored stays with that request.
 */
public class CrossEncoderRerankQueryTest {
  private static final String FIELD = "text";
  private static final int DOCS = 12;
  private static ByteBuffersDirectory directory;
  private static DirectoryReader reader;
  private static IndexSearcher searcher;

  @BeforeClass
  public static void index() throws IOException {
    directory = new ByteBuffersDirectory();
    try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
      for (int i = 0; i < DOCS; i++) {
        Document doc = new Document();
        // Longer passages hold fewer 'a's: first stage and scorer disagree on the order.
        doc.add(new TextField(FIELD, "a ".repeat(DOCS - i) + "b".repeat(i * 7), Field.Store.YES));
        writer.addDocument(doc);
      }
    }
    reader = DirectoryReader.open(directory);
    searcher = new IndexSearcher(reader);
  }

  @AfterClass
  public static void close() throws IOException {
    reader.close();
    directory.close();
  }

  /** Scores a passage by its length, counting the pairs; or runs out of time when told to. */
  private static final class LengthScorer implements PairScorer {
    final AtomicInteger pairs = new AtomicInteger();
    final AtomicBoolean outOfTime = new AtomicBoolean();

    @Override
    public float[] score(String query, List<String> passages, io.github.solrneural.model.Budget budget) {
      if (outOfTime.get()) {
        throw new BudgetExhaustedException("reRankTimeAllowed=1 ms exceeded");
      }
      pairs.addAndGet(passages.size());
      float[] scores = new float[passages.size()];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = passages.get(i).length();
      }
      return scores;
    }
  }

  private static CrossEncoderRerankQuery query(PairScorer scorer) {
    RerankRequest request =
        new RerankRequest("m", "which passage", FIELD, DOCS, RerankMode.REPLACE, 1.0, false, 0);
    CrossEncoderRerankQuery query =
        new CrossEncoderRerankQuery(scorer, request, false, -1, new LongAdder());
    query.wrap(new TermQuery(new Term(FIELD, "a")));
    return query;
  }

  /** Runs the query as SolrIndexSearcher does, inside a request of its own. */
  private static TopDocs runInRequest(Query query) throws IOException {
    return inRequest(() -> {
      QueryCommand cmd = new QueryCommand();
      cmd.setQuery(query);
      TopDocsCollector<?> collector =
          ((CrossEncoderRerankQuery) query).getTopDocsCollector(DOCS, cmd, searcher);
      searcher.search(query, collector);
      return collector.topDocs(0, DOCS);
    });
  }

  private interface Work<T> {
    T run() throws IOException;
  }

  private static <T> T inRequest(Work<T> work) throws IOException {
    SolrQueryRequest req = new LocalSolrQueryRequest(null, new ModifiableSolrParams());
    SolrRequestInfo.setRequestInfo(new SolrRequestInfo(req, new SolrQueryResponse()));
    try {
      return work.run();
    } finally {
      SolrRequestInfo.clearRequestInfo();
      req.close();
    }
  }

  @Test
  public void equalityAndHashDoNotChangeWhenTheQueryRuns() throws IOException {
    LengthScorer scorer = new LengthScorer();
    CrossEncoderRerankQuery ran = query(scorer);
    CrossEncoderRerankQuery twin = query(scorer);
    int hash = ran.hashCode();
    assertEquals(ran, twin);
    assertEquals(hash, twin.hashCode());

    TopDocs reranked = runInRequest(ran);
    assertEquals("every passage scored once", DOCS, scorer.pairs.get());
    assertEquals("the longest passage first", DOCS - 1, reranked.scoreDocs[0].doc);
    assertEquals(hash, ran.hashCode());
    assertEquals(ran, twin);
    assertEquals(twin, ran);

    CrossEncoderRerankQuery fellBack = query(scorer);
    scorer.outOfTime.set(true);
    TopDocs firstStage = runInRequest(fellBack);
    assertNotEquals("the first-stage order", DOCS - 1, firstStage.scoreDocs[0].doc);
    assertEquals("a fallback leaves the hash alone", hash, fellBack.hashCode());
    assertEquals("a fallback leaves equality alone", fellBack, twin);
    assertEquals(twin, fellBack);
    assertEquals(fellBack, fellBack);
  }

  @Test
  public void whatARequestScoredStaysWithThatRequest() throws IOException {
    LengthScorer scorer = new LengthScorer();
    CrossEncoderRerankQuery query = query(scorer);
    int longest = DOCS - 1;
    Explanation sameRequest =
        inRequest(() -> {
          QueryCommand cmd = new QueryCommand();
          cmd.setQuery(query);
          TopDocsCollector<?> collector = query.getTopDocsCollector(DOCS, cmd, searcher);
          searcher.search(query, collector);
          collector.topDocs(0, DOCS);
          return searcher.explain(query, longest);
        });
    assertEquals("the explanation reads the window of its request", DOCS, scorer.pairs.get());
    assertTrue(sameRequest.toString(), sameRequest.toString().contains("cross-encoder logit"));

    // A later request that explains with the same query object (as a cached key would be) finds
    // nothing left from the first one: it scores the document itself.
    Explanation later = inRequest(() -> searcher.explain(query, longest));
    assertEquals("scored again, not read from the earlier window", DOCS + 1, scorer.pairs.get());
    assertEquals(sameRequest.getValue().floatValue(), later.getValue().floatValue(), 0f);
  }
}
