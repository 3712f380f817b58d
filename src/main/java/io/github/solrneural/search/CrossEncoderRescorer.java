package io.github.solrneural.search;

import io.github.solrneural.model.CrossEncoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Rescorer;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

/**
 * Scores a first-stage window with the cross-encoder, all pairs of the request in batched forward
 * passes, and reorders it. Keeps each document's score parts so debugQuery can explain them without
 * running the model again.
 */
final class CrossEncoderRescorer extends Rescorer {
  private final CrossEncoder crossEncoder;
  private final RerankRequest request;
  private final Map<Integer, ScoreParts> lastWindow = new HashMap<>();

  /** What made one document's final score. */
  record ScoreParts(float firstStage, float logit, float rerankScore, float finalScore) {}

  CrossEncoderRescorer(CrossEncoder crossEncoder, RerankRequest request) {
    this.crossEncoder = crossEncoder;
    this.request = request;
  }

  @Override
  public TopDocs rescore(IndexSearcher searcher, TopDocs firstPass, int topN) throws IOException {
    ScoreDoc[] hits = firstPass.scoreDocs;
    int[] docIds = new int[hits.length];
    float[] firstStage = new float[hits.length];
    for (int i = 0; i < hits.length; i++) {
      docIds[i] = hits[i].doc;
      firstStage[i] = hits[i].score;
    }
    String[] passages = PassageReader.of(searcher, request.field()).read(searcher, docIds);
    float[] logits = crossEncoder.score(request.queryText(), Arrays.asList(passages));
    float[] rerankScores = request.sigmoid() ? sigmoid(logits) : logits;
    float[] finalScores = request.mode().combine(firstStage, rerankScores, request.weight());

    ScoreDoc[] rescored = new ScoreDoc[hits.length];
    synchronized (lastWindow) {
      lastWindow.clear();
      for (int i = 0; i < hits.length; i++) {
        rescored[i] = new ScoreDoc(hits[i].doc, finalScores[i], hits[i].shardIndex);
        lastWindow.put(
            hits[i].doc, new ScoreParts(firstStage[i], logits[i], rerankScores[i], finalScores[i]));
      }
    }
    // A stable sort: equal scores keep their first-stage order.
    Arrays.sort(rescored, Comparator.comparingDouble((ScoreDoc hit) -> hit.score).reversed());
    ScoreDoc[] top = Arrays.copyOf(rescored, Math.min(topN, rescored.length));
    return new TopDocs(firstPass.totalHits, top);
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
    ScoreParts parts;
    boolean rescoredHere;
    synchronized (lastWindow) {
      parts = lastWindow.get(docId);
      rescoredHere = !lastWindow.isEmpty();
    }
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
      // Not scored in this request: score this document alone, which replace/add/multiply allow.
      String passage =
          PassageReader.of(searcher, request.field()).read(searcher, new int[] {docId})[0];
      float logit = crossEncoder.score(request.queryText(), List.of(passage))[0];
      float rerankScore = request.sigmoid() ? CrossEncoder.sigmoid(logit) : logit;
      float first = firstPass.getValue().floatValue();
      float combined =
          request.mode().combine(new float[] {first}, new float[] {rerankScore}, request.weight())[0];
      parts = new ScoreParts(first, logit, rerankScore, combined);
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
