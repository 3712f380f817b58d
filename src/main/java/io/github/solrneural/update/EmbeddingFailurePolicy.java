package io.github.solrneural.update;

/** What the update processor does with a document whose text the model fails to embed. */
enum EmbeddingFailurePolicy {
  /** The document is not indexed; the request fails with an error naming it. */
  FAIL,
  /** The document is indexed without vectors, its status field set to {@link #FAILED_STATUS}. */
  MARK;

  static final String FAILED_STATUS = "failed";
}
