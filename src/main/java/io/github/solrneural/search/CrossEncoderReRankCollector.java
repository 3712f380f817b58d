package io.github.solrneural.search;

import io.github.solrneural.model.InferenceException;
import io.github.solrneural.model.ModelBusyException;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.store.ModelFailures;
import java.io.IOException;
import java.util.Set;
import java.util.function.Supplier;
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
  private TopDocs answers;

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
   * With chunksPerDocument, the hit count is that of the answer list (the window's kept chunks):
   * Solr reads it before the page, and a count above the list's length would make it refuse the
   * page (DocSlice.subset). So the rerank runs here already.
   */
  @Override
  public int getTotalHits() {
    if (chunksPerDocument > 0) {
      return answers().scoreDocs.length;
    }
    return super.getTotalHits();
  }

  /**
   * Runs the rerank, then {@code reranked}: before Solr can put the page in its cache. With
   * chunksPerDocument, the list is the reranked window alone, each document's best chunks kept.
   */
  @Override
  public TopDocs topDocs(int start, int howMany) {
    if (chunksPerDocument > 0) {
      return ChunksPerDocument.page(answers(), start, howMany);
    }
    return reranked(() -> super.topDocs(start, howMany));
  }

  private TopDocs answers() {
    if (answers == null) {
      answers = reranked(() -> {
        try {
          return ChunksPerDocument.keep(super.topDocs(0, reRankDocs), searcher, chunksPerDocument);
        } catch (IOException e) {
          throw new SolrException(SolrException.ErrorCode.SERVER_ERROR, e);
        }
      });
    }
    return answers;
  }

  private TopDocs reranked(Supplier<TopDocs> rerank) {
    try {
      return rerank.get();
    } catch (SolrException e) {
      throw asServerError(e);
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
