package io.github.solrneural.update;

import java.util.Locale;
import org.apache.solr.common.SolrException;

/** What the update processor does with a document whose text the model fails to embed. */
enum EmbeddingFailurePolicy {
  /** The document is not indexed; the request fails with an error naming it. */
  FAIL,
  /** The document is indexed without vectors, its status field set to {@link #FAILED_STATUS}. */
  MARK;

  static final String FAILED_STATUS = "failed";

  static EmbeddingFailurePolicy parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new SolrException(
          SolrException.ErrorCode.SERVER_ERROR,
          ChunkingEmbeddingUpdateProcessorFactory.class.getSimpleName()
              + ": 'onEmbeddingFailure' must be 'fail' or 'mark', got '" + value + "'");
    }
  }
}
