package io.github.solrneural.model;

/**
 * One tokenised text or pair, unpadded.
 *
 * @param ids token ids, special tokens included
 * @param typeIds token type (segment) ids
 * @param truncated whether tokens were cut to fit the model's max length
 */
public record TokenSequence(long[] ids, long[] typeIds, boolean truncated) {
  public int length() {
    return ids.length;
  }
}
