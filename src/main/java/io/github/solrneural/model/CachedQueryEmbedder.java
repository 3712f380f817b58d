package io.github.solrneural.model;

import java.util.ArrayList;
import java.util.List;

/**
 * An in-process embedder for query texts that embeds each text once: a text seen before gets the
 * stored vector (a copy), and the texts not seen go to the model together, in one call. The key is
 * the text the model reads, query prefix included, so declarations with other prefixes never
 * share a vector. Documents are not cached: each is embedded once when indexed anyway.
 */
public final class CachedQueryEmbedder implements TextEmbedder {
  private final TextEmbedder embedder;
  private final InferenceCache<Embedding> cache;

  private CachedQueryEmbedder(TextEmbedder embedder, InferenceCache<Embedding> cache) {
    this.embedder = embedder;
    this.cache = cache;
  }

  /** The model's embedder for query texts, through its query cache when that is on. */
  public static TextEmbedder of(LoadedModel model) {
    return of(new Embedder(model), model.queryCache());
  }

  /** The embedder itself when the cache is off. */
  static TextEmbedder of(TextEmbedder embedder, InferenceCache<Embedding> cache) {
    return cache.enabled() ? new CachedQueryEmbedder(embedder, cache) : embedder;
  }

  /** Heap bytes of one stored embedding: the record and its float array. */
  static long heapBytes(Embedding embedding) {
    return 24 + 16 + 4L * embedding.vector().length;
  }

  /** The cache changes no vector. */
  @Override
  public String identity() {
    return embedder.identity();
  }

  @Override
  public int dimension() {
    return embedder.dimension();
  }

  @Override
  public int textsPerCall() {
    return embedder.textsPerCall();
  }

  @Override
  public VectorLength vectorLength() {
    return embedder.vectorLength();
  }

  @Override
  public List<Embedding> embedAll(List<String> texts) {
    Embedding[] embeddings = new Embedding[texts.size()];
    CacheKey[] keys = new CacheKey[texts.size()];
    List<Integer> missing = new ArrayList<>();
    List<String> missingTexts = new ArrayList<>();
    for (int i = 0; i < embeddings.length; i++) {
      keys[i] = CacheKey.of(texts.get(i));
      Embedding stored = cache.get(keys[i]);
      if (stored != null) {
        embeddings[i] = copy(stored);
      } else {
        missing.add(i);
        missingTexts.add(texts.get(i));
      }
    }
    if (!missingTexts.isEmpty()) {
      List<Embedding> computed = embedder.embedAll(missingTexts);
      for (int j = 0; j < computed.size(); j++) {
        int i = missing.get(j);
        cache.put(keys[i], copy(computed.get(j)));
        embeddings[i] = computed.get(j);
      }
    }
    return List.of(embeddings);
  }

  /** Callers own the vectors they get, and may change them without changing the cache. */
  private static Embedding copy(Embedding embedding) {
    return new Embedding(embedding.vector().clone(), embedding.truncated());
  }
}
