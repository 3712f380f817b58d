package io.github.solrneural.search;

import io.github.solrneural.model.BackendFailureException;
import io.github.solrneural.model.BudgetExhaustedException;
import io.github.solrneural.model.CrossEncoder;
import io.github.solrneural.model.InferenceException;
import io.github.solrneural.model.ModelBusyException;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.PairScorer;
import io.github.solrneural.store.ModelFailures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Rescorer;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.solr.common.SolrException;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.request.SolrRequestInfo;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.search.IncompleteRerankingException;

/**
 * Scores a first-stage window with the cross-encoder, all pairs of the request in batched forward
 * passes (or remote calls), and reorders it. Keeps each document's score parts in the request (see
 * {@link RerankRequestState}) so debugQuery can explain them without running the model again; it
 * holds no state of a request itself.
 *
 * <p>When the time budget runs out or a remote backend fails, the whole window keeps its
 * first-stage order: the rescorer throws Solr's {@link IncompleteRerankingException}, on which
 * Solr's ReRankCollector reverts the window, and flags the response with {@code
 * partialResults=true}. A request with {@code partialResults=false} gets a 503 instead.
 */
final class CrossEncoderRescorer extends Rescorer {
  private final PairScorer crossEncoder;
  private final RerankRequest request;
  private final long reRankTimeAllowedMillis;
  private final LongAdder fallbacks;

  /** What made one document's final score. */
  record ScoreParts(float firstStage, float logit, float rerankScore, float finalScore) {}

  /**
   * @param reRankTimeAllowedMillis the rerank's own time budget, or a negative value for none
   * @param fallbacks counts the reranks that kept their first-stage order
   */
  CrossEncoderRescorer(
      PairScorer crossEncoder,
      RerankRequest request,
      long reRankTimeAllowedMillis,
      LongAdder fallbacks) {
    this.crossEncoder = crossEncoder;
    this.request = request;
    this.reRankTimeAllowedMillis = reRankTimeAllowedMillis;
    this.fallbacks = fallbacks;
  }

  long reRankTimeAllowedMillis() {
    return reRankTimeAllowedMillis;
  }

  @Override
  public TopDocs rescore(IndexSearcher searcher, TopDocs firstPass, int topN) throws IOException {
    RerankBudget budget = RerankBudget.start(reRankTimeAllowedMillis);
    ScoreDoc[] hits = firstPass.scoreDocs;
    int[] docIds = new int[hits.length];
    float[] firstStage = new float[hits.length];
    for (int i = 0; i < hits.length; i++) {
      docIds[i] = hits[i].doc;
      firstStage[i] = hits[i].score;
    }
    String[] passages = PassageReader.of(searcher, request.field()).read(searcher, docIds);
    float[] logits;
    try {
      logits = crossEncoder.score(request.queryText(), Arrays.asList(passages), budget);
    } catch (BudgetExhaustedException | BackendFailureException e) {
      // A backend failure was logged and counted by the backend already.
      throw fallBack(e);
    }
    float[] rerankScores = request.sigmoid() ? sigmoid(logits) : logits;
    float[] finalScores = request.mode().combine(firstStage, rerankScores, request.weight());

    ScoreDoc[] rescored = new ScoreDoc[hits.length];
    Map<Integer, ScoreParts> window = new HashMap<>();
    for (int i = 0; i < hits.length; i++) {
      rescored[i] = new ScoreDoc(hits[i].doc, finalScores[i], hits[i].shardIndex);
      window.put(
          hits[i].doc, new ScoreParts(firstStage[i], logits[i], rerankScores[i], finalScores[i]));
    }
    RerankRequestState.of(this).scored(window);
    // A stable sort: equal scores keep their first-stage order.
    Arrays.sort(rescored, Comparator.comparingDouble((ScoreDoc hit) -> hit.score).reversed());
    ScoreDoc[] top = Arrays.copyOf(rescored, Math.min(topN, rescored.length));
    return new TopDocs(firstPass.totalHits, top);
  }

  /**
   * Keeps the first-stage order of the window and says so in the response; or, when the request
   * refuses partial results, fails it with a 503 that says why.
   */
  private RuntimeException fallBack(RuntimeException failure) {
    SolrException notCompleted = clientError(failure);
    SolrRequestInfo info = SolrRequestInfo.getRequestInfo();
    SolrQueryRequest req = info == null ? null : info.getReq();
    if (req != null && SolrQueryRequest.disallowPartialResults(req.getParams())) {
      return partialResultsRefused(notCompleted, "the first-stage order is not returned instead");
    }
    String message = notCompleted.getMessage();
    RerankRequestState.of(this).fellBack(message);
    fallbacks.increment();
    if (req != null) {
      SolrQueryResponse rsp = info.getRsp();
      rsp.setPartialResults(req);
      if (rsp.getResponseHeader() != null
          && rsp.getResponseHeader().get(SolrQueryResponse.RESPONSE_HEADER_PARTIAL_RESULTS_DETAILS_KEY)
              == null) {
        rsp.addPartialResponseDetail(message + "; the reranked window keeps its first-stage order");
      }
    }
    return new IncompleteRerankingException();
  }

  /** What a client is told when the model fails the rerank: status and message. */
  private SolrException clientError(RuntimeException failure) {
    return ModelFailures.of(ModelKind.CROSS_ENCODER, request.modelName(), failure);
  }

  private static SolrException partialResultsRefused(SolrException notCompleted, String instead) {
    return new SolrException(
        SolrException.ErrorCode.getErrorCode(notCompleted.code()),
        notCompleted.getMessage() + "; the request set partialResults=false, so " + instead);
  }

  private static float[] sigmoid(float[] logits) {
    float[] scores = new float[logits.length];
    for (int i = 0; i < logits.length; i++) {
      scores[i] = CrossEncoder.sigmoid(logits[i]);
    }
    return scores;
  }

  @Override
  public Explanation explain(IndexSearcher searcher, Explanation firstPass, int docId)
      throws IOException {
    RerankRequestState state = RerankRequestState.find(this);
    String fellBack = state == null ? null : state.fallbackReason();
    if (fellBack != null) {
      return Explanation.match(firstPass.getValue(), fellBack + ": first-stage score", firstPass);
    }
    boolean rescoredHere = state != null && state.scored();
    ScoreParts parts = rescoredHere ? state.parts(docId) : null;
    if (parts == null && (rescoredHere || request.mode() == RerankMode.BLEND)) {
      return Explanation.match(
          firstPass.getValue(),
          rescoredHere
              ? "outside the reranked window: first-stage score"
              : "blend needs the whole window, which was not scored in this request:"
                  + " first-stage score",
          firstPass);
    }
    if (parts == null) {
      try {
        parts = scoreAlone(searcher, firstPass, docId);
      } catch (BudgetExhaustedException | BackendFailureException e) {
        SolrException notCompleted = clientError(e);
        SolrRequestInfo info = SolrRequestInfo.getRequestInfo();
        if (info != null && SolrQueryRequest.disallowPartialResults(info.getReq().getParams())) {
          throw partialResultsRefused(notCompleted, "no explanation is made without the model");
        }
        return Explanation.match(
            firstPass.getValue(), notCompleted.getMessage() + ": first-stage score", firstPass);
      } catch (ModelBusyException | InferenceException e) {
        throw clientError(e);
      }
    }
    List<Explanation> details = new ArrayList<>();
    details.add(firstPass);
    details.add(
        Explanation.match(
            parts.logit(), "cross-encoder logit of model '" + request.modelName() + "'"));
    if (request.sigmoid()) {
      details.add(Explanation.match(parts.rerankScore(), "sigmoid(logit)"));
    }
    return Explanation.match(parts.finalScore(), describe(), details);
  }

  /**
   * Scores a document that this request did not rerank (as in SolrCloud, where explanations come
   * in a second request), which replace, add and multiply allow; within the request's time budget.
   */
  private ScoreParts scoreAlone(IndexSearcher searcher, Explanation firstPass, int docId)
      throws IOException {
    RerankBudget budget = RerankRequestState.of(this).explainBudget(reRankTimeAllowedMillis);
    String passage = PassageReader.of(searcher, request.field()).read(searcher, new int[] {docId})[0];
    float logit = crossEncoder.score(request.queryText(), List.of(passage), budget)[0];
    float rerankScore = request.sigmoid() ? CrossEncoder.sigmoid(logit) : logit;
    float first = firstPass.getValue().floatValue();
    float combined =
        request.mode().combine(new float[] {first}, new float[] {rerankScore}, request.weight())[0];
    return new ScoreParts(first, logit, rerankScore, combined);
  }

  private String describe() {
    switch (request.mode()) {
      case REPLACE:
        return "reRankOperator=replace: reRankWeight(" + request.weight() + ") * rerank score";
      case ADD:
        return "reRankOperator=add: first-stage score + reRankWeight(" + request.weight()
            + ") * rerank score";
      case MULTIPLY:
        return "reRankOperator=multiply: first-stage score * reRankWeight(" + request.weight()
            + ") * rerank score";
      default:
        return "reRankOperator=blend: 0.5 * minmax(first-stage score) + 0.5 * minmax(rerank score),"
            + " min and max over the reranked window";
    }
  }
}
