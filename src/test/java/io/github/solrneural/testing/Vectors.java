package io.github.solrneural.testing;

import java.util.Collection;

/** Vector arithmetic the tests and tools compare embeddings with, in double precision. */
public final class Vectors {
  private Vectors() {}

  public static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }

  public static double cosine(float[] a, float[] b) {
    double dot = 0;
    double normA = 0;
    double normB = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      normA += (double) a[i] * a[i];
      normB += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(normA * normB);
  }

  /** A vector field's value as Solr returns it: a list of numbers. */
  public static float[] floats(Collection<?> values) {
    float[] vector = new float[values.size()];
    int i = 0;
    for (Object value : values) {
      vector[i++] = ((Number) value).floatValue();
    }
    return vector;
  }
}
