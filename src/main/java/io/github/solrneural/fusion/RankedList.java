package io.github.solrneural.fusion;

import java.util.Arrays;

/**
 * One sub-query's collected hits, best first.
 *
 * @param name the sub-query's name (the request parameter holding it)
 * @param docs document ids, best first, each once
 * @param scores the sub-query's score of each document
 */
public record RankedList(String name, int[] docs, float[] scores) {
  public RankedList {
    if (docs.length != scores.length) {
      throw new IllegalArgumentException(
          name + ": " + docs.length + " documents but " + scores.length + " scores");
    }
    docs = docs.clone();
    scores = scores.clone();
  }

  public int size() {
    return docs.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RankedList list && name.equals(list.name)
        && Arrays.equals(docs, list.docs) && Arrays.equals(scores, list.scores);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * name.hashCode() + Arrays.hashCode(docs)) + Arrays.hashCode(scores);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(docs);
  }
}
