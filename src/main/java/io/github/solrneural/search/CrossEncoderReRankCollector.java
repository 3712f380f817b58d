package io.github.solrneural.search;

import io.github.solrneural.model.InferenceException;
import io.github.solrneural.model.ModelBusyException;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.store.ModelFailures;
import java.io.IOException;
import java.util.Set;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Rescorer;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;
import org.apache.solr.common.SolrException;
import org.apache.solr.search.QueryCommand;
import org.apache.solr.search.ReRankCollector;
import org.apache.solr.search.ReRankOperator;

/**
 * Solr's ReRankCollector turns any failure of the rescorer into a 400, which blames the client.
 * A failing model is the server's fault: this reports it as {@link ModelFailures} says (a 500 that
 * names the model, a 503 for a saturated one), and passes on the rescorer's own errors (such as the
 * 503 of an incomplete rerank under partialResults=false) with their status.
 */
final class CrossEncoderReRankCollector extends ReRankCollector {
  private final String modelName;
  private final int reRankDocs;
  private final IndexSearcher searcher;
  private final int chunksPerDocument;
  private final Runnable reranked;

  CrossEncoderReRankCollector(
      int reRankDocs,
      int length,
      Rescorer rescorer,
      QueryCommand cmd,
      IndexSearcher searcher,
      Set<BytesRef> boostedPriority,
      String modelName,
      int chunksPerDocument,
      Runnable reranked)
      throws IOException {
    super(reRankDocs, length, rescorer, cmd, searcher, boostedPriority, null, ReRankOperator.REPLACE);
    this.modelName = modelName;
    this.reRankDocs = reRankDocs;
    this.searcher = searcher;
    this.chunksPerDocument = chunksPerDocument;
    this.reranked = reranked;
  }

  /**
   * Runs the rerank, then {@code reranked}: before Solr can put the page in its cache. With
   * chunksPerDocument, the list is the reranked window alone, each document's best chunks kept.
   */
  @Override
  public TopDocs topDocs(int start, int howMany) {
    try {
      if (chunksPerDocument > 0) {
        TopDocs window = super.topDocs(0, reRankDocs);
        return ChunksPerDocument.keep(window, searcher, chunksPerDocument, start, howMany);
      }
      return super.topDocs(start, howMany);
    } catch (SolrException e) {
      throw asServerError(e);
    } catch (IOException e) {
      throw new SolrException(SolrException.ErrorCode.SERVER_ERROR, e);
    } finally {
      reranked.run();
    }
  }

  private SolrException asServerError(SolrException e) {
    if (e.getCause() instanceof SolrException) {
      return (SolrException) e.getCause();
    }
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof ModelBusyException || cause instanceof InferenceException) {
        return ModelFailures.of(ModelKind.CROSS_ENCODER, modelName, (RuntimeException) cause);
      }
    }
    return e;
  }
}
