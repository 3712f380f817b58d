package io.github.solrneural.bench;

import io.github.solrneural.eval.BeirDataset.Document;
import io.github.solrneural.model.Embedder;
import io.github.solrneural.model.Embedding;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every query's nearest documents by exact cosine over one embedder's vectors of the whole corpus
 * (documents as title + " " + abstract, queries as they are), brute force, so that the windows
 * depend on the model alone and not on an approximate index. Vectors are cached on disk.
 */
final class ExactWindows {
  private final float[] documents;
  private final float[] queries;
  private final int dimension;
  private final int documentCount;

  private ExactWindows(float[] documents, float[] queries, int dimension) {
    this.documents = documents;
    this.queries = queries;
    this.dimension = dimension;
    this.documentCount = documents.length / dimension;
  }

  static ExactWindows embed(
      ModelSpec spec, List<Document> corpus, List<String> queryTexts, ScoreCache cache, String inputsDigest)
      throws Exception {
    String key = "exact-windows|" + ScoreCache.fileDigest(spec.modelFile()) + "|"
        + ScoreCache.fileDigest(spec.tokenizerFile()) + "|maxLength=" + spec.maxLength() + "|pooling="
        + spec.pooling() + "|normalize=" + spec.normalize() + "|" + inputsDigest;
    List<String> documentTexts = corpus.stream().map(ExactWindows::passage).toList();
    try (LoadedModel model = LoadedModel.load(spec)) {
      Embedder embedder = new Embedder(model);
      int dimension = embedder.dimension();
      float[] documents = cache.floats(key + "|documents", () -> vectors(embedder, documentTexts));
      float[] queries = cache.floats(key + "|queries", () -> vectors(embedder, queryTexts));
      return new ExactWindows(documents, queries, dimension);
    }
  }

  /** What the cross-encoder and the embedder read for a document, as BEIR builds it. */
  static String passage(Document document) {
    return (document.title() + " " + document.text()).trim();
  }

  private static float[] vectors(Embedder embedder, List<String> texts) {
    int dimension = embedder.dimension();
    float[] all = new float[texts.size() * dimension];
    int page = 256;
    for (int from = 0; from < texts.size(); from += page) {
      List<Embedding> embedded = embedder.embedAll(texts.subList(from, Math.min(texts.size(), from + page)));
      for (int i = 0; i < embedded.size(); i++) {
        float[] vector = unit(embedded.get(i).vector());
        System.arraycopy(vector, 0, all, (from + i) * dimension, dimension);
      }
    }
    return all;
  }

  private static float[] unit(float[] vector) {
    double norm = 0;
    for (float value : vector) {
      norm += value * value;
    }
    float[] unit = vector.clone();
    double length = Math.sqrt(norm);
    for (int i = 0; i < unit.length; i++) {
      unit[i] = (float) (unit[i] / length);
    }
    return unit;
  }

  /** Indexes into the corpus of the query's k nearest documents, nearest first (ties: lower index). */
  int[] nearest(int query, int k) {
    double[] scores = cosines(query);
    Integer[] order = new Integer[documentCount];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Double.compare(scores[b], scores[a]) : Integer.compare(a, b));
    int[] nearest = new int[Math.min(k, documentCount)];
    for (int i = 0; i < nearest.length; i++) {
      nearest[i] = order[i];
    }
    return nearest;
  }

  double cosine(int query, int document) {
    double sum = 0;
    for (int d = 0; d < dimension; d++) {
      sum += queries[query * dimension + d] * documents[document * dimension + d];
    }
    return sum;
  }

  private double[] cosines(int query) {
    double[] scores = new double[documentCount];
    for (int document = 0; document < documentCount; document++) {
      scores[document] = cosine(query, document);
    }
    return scores;
  }

  /** The k nearest of every query, in query order. */
  List<int[]> nearestOfAll(int k) {
    List<int[]> all = new ArrayList<>();
    for (int query = 0; query < queries.length / dimension; query++) {
      all.add(nearest(query, k));
    }
    return all;
  }
}
