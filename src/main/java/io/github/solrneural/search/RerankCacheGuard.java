package io.github.solrneural.search;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Keeps Solr's query result cache from serving a rerank that fell back. Solr 9.10 skips caching a
 * result only when collecting was cut short, and the rerank runs after collecting (in the
 * collector's topDocs); it reads the query's {@code getCache()} once, before the lookup. So the
 * page of a fallback is cached under the query, and the guard makes every equal query on that
 * searcher bypass the cache instead (neither read nor written). An equal query also bypasses it
 * while one is reranking, from the start of its collection until its window is settled, so that
 * it does not read a page put there just after it asked.
 *
 * <p>The marks belong to a searcher, as its cache does, and go with it. Past {@link #MAX_MARKED}
 * fallbacks on one searcher, no rerank is cached there any more.
 */
final class RerankCacheGuard {
  /** One guard for all cores: searchers do not mix. */
  static final RerankCacheGuard SHARED = new RerankCacheGuard();

  static final int MAX_MARKED = 1000;

  private final Map<Object, Marks> bySearcher = new WeakHashMap<>();

  private static final class Marks {
    final Map<Object, Integer> running = new HashMap<>();
    final Set<Object> fellBack = new HashSet<>();
    boolean tooMany;
  }

  /** A rerank of the query starts on the searcher; call {@link #finished} when its request ends. */
  synchronized void started(Object searcher, Object query) {
    bySearcher.computeIfAbsent(searcher, s -> new Marks()).running.merge(query, 1, Integer::sum);
  }

  synchronized void finished(Object searcher, Object query) {
    Marks marks = bySearcher.get(searcher);
    if (marks != null) {
      marks.running.computeIfPresent(query, (q, count) -> count == 1 ? null : count - 1);
    }
  }

  /** The rerank of the query fell back on the searcher, whose cache may now hold its page. */
  synchronized void fellBack(Object searcher, Object query) {
    Marks marks = bySearcher.computeIfAbsent(searcher, s -> new Marks());
    if (marks.tooMany) {
      return;
    }
    marks.fellBack.add(query);
    if (marks.fellBack.size() > MAX_MARKED) {
      marks.tooMany = true;
      marks.fellBack.clear();
    }
  }

  /** Whether the query may use the searcher's query result cache. */
  synchronized boolean mayCache(Object searcher, Object query) {
    Marks marks = bySearcher.get(searcher);
    return marks == null
        || !(marks.tooMany || marks.fellBack.contains(query) || marks.running.containsKey(query));
  }
}
