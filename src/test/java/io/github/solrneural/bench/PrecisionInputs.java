package io.github.solrneural.bench;

import io.github.solrneural.eval.BeirDataset;
import io.github.solrneural.eval.BeirDataset.Document;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.testing.DemoModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The precision section's fixed inputs: every SciFact query, its top-20 window by exact cosine of
 * the configset's float32 embedder (pinned: all-MiniLM-L6-v2, max length 256, title + abstract),
 * the dev and train qrels, and the digest that keys every cached score to these inputs.
 */
final class PrecisionInputs {
  final ModelSpec embedder;
  final List<Document> corpus;
  final List<String> documentIds;
  final List<String> queryIds;
  final List<String> queryTexts;
  private final Map<String, Map<String, Integer>> dev;
  private final Map<String, Map<String, Integer>> train;
  final ExactWindows knn;
  /** Each query's 100 nearest documents, nearest first. */
  final List<int[]> deep;
  private final List<int[]> top;
  private final WindowQuality windows;
  /** The corpus's and queries' file digests: part of every cached vector's key. */
  final String datasetDigest;
  private final String digest;

  private PrecisionInputs(ModelSpec embedder, List<Document> corpus, BeirDataset dev, BeirDataset train,
      ExactWindows knn, String inputsDigest) {
    this.embedder = embedder;
    this.corpus = corpus;
    this.documentIds = corpus.stream().map(Document::id).toList();
    this.queryIds = new ArrayList<>(train.queries.keySet());
    this.queryTexts = new ArrayList<>(train.queries.values());
    this.dev = dev.qrels;
    this.train = train.qrels;
    this.knn = knn;
    this.deep = knn.nearestOfAll(PrecisionSection.DEPTH);
    this.top = deep.stream().map(ids -> Arrays.copyOf(ids, PrecisionSection.WINDOW)).toList();
    this.windows = new WindowQuality(queryIds, documentIds, top);
    this.datasetDigest = inputsDigest;
    StringBuilder ids = new StringBuilder(inputsDigest);
    top.forEach(window -> ids.append('|').append(Arrays.toString(window)));
    this.digest = ScoreCache.sha256(ids.toString());
  }

  static PrecisionInputs load(BenchSettings settings, ScoreCache cache) throws Exception {
    BeirDataset train = new BeirDataset(settings.dataset(), settings.dataset().resolve("qrels/train.tsv"));
    BeirDataset dev = new BeirDataset(settings.dataset(), settings.dataset().resolve("qrels/dev.tsv"));
    List<Document> corpus = new ArrayList<>();
    train.forEachDocument(corpus::add);
    String inputsDigest = ScoreCache.fileDigest(settings.dataset().resolve("corpus.jsonl")) + "|"
        + ScoreCache.fileDigest(settings.dataset().resolve("queries.jsonl"));
    ModelSpec embedder = DemoModels.configsetEmbedderSpec();
    System.out.println("bench: precision: embedding " + corpus.size() + " documents and "
        + train.queries.size() + " queries (" + embedder.modelFileName() + ", cached after the first run)");
    ExactWindows knn = ExactWindows.embed(embedder, corpus, new ArrayList<>(train.queries.values()), cache, inputsDigest);
    return new PrecisionInputs(embedder, corpus, dev, train, knn, inputsDigest);
  }

  String digest() {
    return digest;
  }

  int windowCount() {
    return top.size();
  }

  int pairCount() {
    return top.size() * PrecisionSection.WINDOW;
  }

  String query(int q) {
    return queryTexts.get(q);
  }

  List<String> passages(int q) {
    return Arrays.stream(top.get(q)).mapToObj(d -> ExactWindows.passage(corpus.get(d))).toList();
  }

  Map<String, Map<String, Integer>> dev() {
    return dev;
  }

  Map<String, Map<String, Integer>> train() {
    return train;
  }

  WindowQuality windows() {
    return windows;
  }

  /** The windows of the first dev queries, in the qrels' order: the pairs timed side by side. */
  List<PrecisionSpeed.Window> timedWindows(int count) {
    List<PrecisionSpeed.Window> timed = new ArrayList<>();
    for (String queryId : dev.keySet()) {
      if (timed.size() == count) {
        break;
      }
      int q = queryIds.indexOf(queryId);
      timed.add(new PrecisionSpeed.Window(query(q), passages(q)));
    }
    return timed;
  }

  /** 0.5 x min-max(score) + 0.5 x min-max(cosine) within each window: the configset's blend. */
  WindowQuality.Scores blend(float[] scores) {
    return (q, i) -> {
      int from = q * PrecisionSection.WINDOW;
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      double minCos = Double.MAX_VALUE;
      double maxCos = -Double.MAX_VALUE;
      for (int j = 0; j < PrecisionSection.WINDOW; j++) {
        min = Math.min(min, scores[from + j]);
        max = Math.max(max, scores[from + j]);
        double cosine = knn.cosine(q, top.get(q)[j]);
        minCos = Math.min(minCos, cosine);
        maxCos = Math.max(maxCos, cosine);
      }
      double score = max > min ? (scores[from + i] - min) / (max - min) : 0;
      double cosine = knn.cosine(q, top.get(q)[i]);
      return 0.5 * score + 0.5 * (maxCos > minCos ? (cosine - minCos) / (maxCos - minCos) : 0);
    };
  }

  Map<String, Object> describe() {
    Map<String, Object> described = new LinkedHashMap<>();
    described.put("queries", windowCount());
    described.put("pairs", pairCount());
    described.put("window", PrecisionSection.WINDOW);
    described.put("first_stage", "exact cosine, " + embedder.folder().getFileName() + "/" + embedder.modelFileName()
        + ", maxLength " + embedder.maxLength() + ", title + \" \" + abstract");
    described.put("dev_queries", dev.size());
    described.put("train_queries", train.size());
    described.put("inputs_digest", digest);
    return described;
  }
}
