package io.github.solrneural.search;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

/** The guard's marks, per searcher: a fallback for good, a running rerank until it ends. */
public class RerankCacheGuardTest {
  private final RerankCacheGuard guard = new RerankCacheGuard();
  private final Object searcher = new Object();
  private final Object other = new Object();

  @Test
  public void aFallbackKeepsEqualQueriesOutOfThatSearchersCacheOnly() {
    assertTrue(guard.mayCache(searcher, List.of("q", 1)));
    guard.started(searcher, List.of("q", 1));
    assertFalse("while it runs", guard.mayCache(searcher, List.of("q", 1)));
    guard.fellBack(searcher, List.of("q", 1));
    guard.finished(searcher, List.of("q", 1));
    assertFalse("an equal query, after the fallback", guard.mayCache(searcher, List.of("q", 1)));
    assertTrue("another query", guard.mayCache(searcher, List.of("q", 2)));
    assertTrue("another searcher", guard.mayCache(other, List.of("q", 1)));
  }

  @Test
  public void aCompleteRerankLeavesNoMarkEvenWhenTwoRanAtOnce() {
    guard.started(searcher, "q");
    guard.started(searcher, "q");
    guard.finished(searcher, "q");
    assertFalse("one still runs", guard.mayCache(searcher, "q"));
    guard.finished(searcher, "q");
    assertTrue(guard.mayCache(searcher, "q"));
  }

  @Test
  public void pastTheLimitNoRerankIsCachedOnThatSearcher() {
    for (int i = 0; i <= RerankCacheGuard.MAX_MARKED; i++) {
      guard.fellBack(searcher, i);
    }
    assertFalse("never fell back, but the marks ran over", guard.mayCache(searcher, "fresh"));
    assertTrue(guard.mayCache(other, "fresh"));
  }
}
