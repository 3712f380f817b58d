package io.github.solrneural.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/**
 * The caches of real (tiny) models: a hit is bitwise the model's own output, a changed model or
 * prefix misses, only the missing pairs go through the model, and 0 turns a cache off.
 */
public class InferenceCachesModelTest {
  private static final List<String> QUERIES =
      List.of("what is the plan for the economy", "roads and bridges", "lower prices");
  private static final List<String> PASSAGES =
      List.of("jobs and prices", "the budget for roads", "a bridge over the river",
          "families pay less", "the economy grows", "new schools");

  private static ModelSpec embedder(CacheLimits queryCache) {
    return TinyModels.embedder(ModelEngine.ONNX_RUNTIME, Pooling.MEAN, true).toBuilder()
        .queryCache(queryCache).build();
  }

  private static ModelSpec crossEncoder(CacheLimits pairCache) {
    return TinyModels.crossEncoder("tiny-cross-encoder", ModelEngine.ONNX_RUNTIME, 4).toBuilder()
        .pairCache(pairCache).build();
  }

  @Test
  public void aQueryHitIsBitwiseTheUncachedVector() throws Exception {
    try (LoadedModel cached = LoadedModel.load(embedder(CacheLimits.DEFAULT_QUERIES));
        LoadedModel uncached = LoadedModel.load(embedder(CacheLimits.OFF))) {
      TextEmbedder queries = CachedQueryEmbedder.of(cached);
      TextEmbedder plain = CachedQueryEmbedder.of(uncached);
      AtomicLong items = countItems(cached);
      for (String query : QUERIES) {
        queries.embed(query);
      }
      assertEquals(QUERIES.size(), items.get());
      for (String query : QUERIES) {
        Embedding hit = queries.embed(query);
        assertArrayEquals(query, plain.embed(query).vector(), hit.vector(), 0f);
        hit.vector()[0] += 1; // the caller's copy: the cache keeps its own
        assertArrayEquals(query, plain.embed(query).vector(), queries.embed(query).vector(), 0f);
      }
      assertEquals("every repeat was a hit", QUERIES.size(), items.get());
      assertEquals(2 * QUERIES.size(), cached.queryCache().hits());
      assertEquals(0, uncached.queryCache().entries());

      // A batch of known and new texts sends only the new ones, in one call.
      List<String> mixed = List.of(QUERIES.get(1), "a new query", QUERIES.get(0), "another one");
      List<Embedding> together = queries.embedAll(mixed);
      assertEquals(QUERIES.size() + 2, items.get());
      for (int i = 0; i < mixed.size(); i++) {
        assertArrayEquals(mixed.get(i), plain.embed(mixed.get(i)).vector(),
            together.get(i).vector(), 0f);
      }

      // The prefix is part of the key: a prefixed declaration sharing the model misses.
      long misses = cached.queryCache().misses();
      Embedding prefixed = new TextPrefixes("query: ", "").forQueries(queries).embed(QUERIES.get(0));
      assertEquals(misses + 1, cached.queryCache().misses());
      assertArrayEquals(plain.embed("query: " + QUERIES.get(0)).vector(), prefixed.vector(), 0f);
    }
  }

  @Test
  public void aChangedModelIdentityHasItsOwnCache() throws Exception {
    ModelSpec base = embedder(CacheLimits.DEFAULT_QUERIES);
    List<ModelSpec> changed = List.of(base.toBuilder().maxLength(TinyModels.MAX_LENGTH - 8).build(),
        base.toBuilder().pooling(Pooling.CLS).build(), base.toBuilder().normalize(false).build());
    try (LoadedModel model = LoadedModel.load(base)) {
      CachedQueryEmbedder.of(model).embed(QUERIES.get(0));
      for (ModelSpec spec : changed) {
        try (LoadedModel other = LoadedModel.load(spec)) {
          assertNotSame(model.queryCache(), other.queryCache());
          CachedQueryEmbedder.of(other).embed(QUERIES.get(0));
          assertEquals(spec.toString(), 0, other.queryCache().hits());
          assertEquals(spec.toString(), 1, other.queryCache().misses());
        }
      }
      CachedQueryEmbedder.of(model).embed(QUERIES.get(0));
      assertEquals(1, model.queryCache().hits());
    }
  }

  @Test
  public void onlyTheMissingPairsGoThroughTheModelAndHitsAreBitwiseEqual() throws Exception {
    try (LoadedModel cached = LoadedModel.load(crossEncoder(CacheLimits.DEFAULT_PAIRS));
        LoadedModel uncached = LoadedModel.load(crossEncoder(CacheLimits.OFF))) {
      CrossEncoder scorer = new CrossEncoder(cached);
      CrossEncoder plain = new CrossEncoder(uncached);
      AtomicLong items = countItems(cached);
      AtomicLong plainItems = countItems(uncached);
      String query = QUERIES.get(0);
      float[] firstPage = scorer.score(query, PASSAGES.subList(0, 3));
      assertEquals(3, items.get());
      assertArrayEquals(plain.score(query, PASSAGES.subList(0, 3)), firstPage, 0f);

      // A larger window, with a repeated passage: only the three new pairs run, once each.
      List<String> window = new ArrayList<>(PASSAGES);
      window.add(PASSAGES.get(4));
      float[] larger = scorer.score(query, window);
      assertEquals(6, items.get());
      for (int i = 0; i < 3; i++) {
        assertEquals("a hit is the score first computed", firstPage[i], larger[i], 0f);
      }
      float[] expected = plain.score(query, window);
      assertEquals("the uncached model runs every distinct pair", 3 + 6, plainItems.get());
      for (int i = 3; i < window.size(); i++) {
        // Scored in another batch than the uncached run's: equal but for padding's rounding.
        assertEquals(window.get(i), expected[i], larger[i], 1e-5f);
      }
      assertEquals(larger[4], larger[6], 0f);
      assertArrayEquals("all hits now", larger, scorer.score(query, window), 0f);
      assertEquals(6, items.get());
      assertEquals(6, cached.pairCache().entries());

      // Another query is another pair; so is the same passage read by a model of other length.
      scorer.score(QUERIES.get(1), PASSAGES.subList(0, 1));
      assertEquals(7, items.get());
      try (LoadedModel shorter = LoadedModel.load(crossEncoder(CacheLimits.DEFAULT_PAIRS)
          .toBuilder().maxLength(TinyModels.MAX_LENGTH - 8).build())) {
        new CrossEncoder(shorter).score(query, PASSAGES.subList(0, 1));
        assertEquals(1, shorter.pairCache().misses());
      }
    }
  }

  @Test
  public void theEntryBoundEvictsAndCounts() throws Exception {
    try (LoadedModel cached = LoadedModel.load(crossEncoder(new CacheLimits(4, 1 << 20)))) {
      new CrossEncoder(cached).score(QUERIES.get(0), PASSAGES);
      assertEquals(4, cached.pairCache().entries());
      assertEquals(2, cached.pairCache().evictions());
      assertEquals(4 * (InferenceCache.ENTRY_OVERHEAD_BYTES + CacheKey.HEAP_BYTES + 16),
          cached.pairCache().bytes());
    }
  }

  /** The texts or pairs the model runs from now on (its load-time probe excluded). */
  private static AtomicLong countItems(LoadedModel model) {
    AtomicLong items = new AtomicLong();
    model.addObserver(new InferenceObserver() {
      @Override
      public void forwardPass(int batch, int truncatedItems, long nanos) {
        items.addAndGet(batch);
      }

      @Override
      public void failure() {}
    });
    return items;
  }
}
