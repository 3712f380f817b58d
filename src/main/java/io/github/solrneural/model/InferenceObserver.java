package io.github.solrneural.model;

/** Hears about every forward pass of a model; the Solr layer turns this into metrics. */
public interface InferenceObserver {
  /**
   * One forward pass ran.
   *
   * @param items texts or pairs in the batch
   * @param truncatedItems how many of them were cut to the model's max length
   * @param nanos time spent in the engine, not counting the wait for a slot
   */
  void forwardPass(int items, int truncatedItems, long nanos);

  /** A forward pass failed. */
  void failure();
}
