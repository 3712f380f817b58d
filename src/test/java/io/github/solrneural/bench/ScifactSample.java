package io.github.solrneural.bench;

import io.github.solrneural.eval.BeirDataset;
import io.github.solrneural.eval.BeirDataset.Document;
import io.github.solrneural.chunk.Chunk;
import io.github.solrneural.chunk.RecursiveTextSplitter;
import io.github.solrneural.model.ModelTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SciFact texts the benchmark runs on, chosen by rule rather than by hand, at their natural
 * lengths:
 *
 * <ul>
 *   <li>the rerank query: the first query of the dev qrels;
 *   <li>the 20 mixed-length pairs: for 20 lengths spread evenly from the corpus's shortest pair to
 *       the max length, the first corpus document whose pair with the query is closest to it
 *       (three SciFact abstracts in four are longer than the max length, so a plain sample would be
 *       nearly all of one length);
 *   <li>its 100 candidates for the rerank-depth figures: its judged documents first, then documents
 *       spread evenly over the corpus (every corpus-size/100-th), at the corpus's own mix of lengths;
 *   <li>the embedding texts: the chunks the configset's default chain makes of the abstracts
 *       (500 characters, 100 of overlap), from the first documents of the corpus all of whose
 *       chunks fit the embedding window without truncation (LangChain4j's window is the 128
 *       tokens of the model's tokenizer.json, which it keeps);
 *   <li>the long passages: the first 20 corpus documents whose pair with the query exceeds the max
 *       length, so a pair cut to any length up to it is exactly that long.
 * </ul>
 */
final class ScifactSample {
  static final int CANDIDATES = 100;
  static final int PAIRS = 20;
  /** The configset's default chain: chunks of 500 characters overlapping by 100. */
  static final int CHUNK_SIZE = 500;
  static final int CHUNK_OVERLAP = 100;

  final String queryId;
  final String query;
  final List<Document> mixedPairs;
  final List<Document> candidates;
  final List<Document> embeddingDocuments;
  final List<Document> longPassages;

  private ScifactSample(
      String queryId,
      String query,
      List<Document> mixedPairs,
      List<Document> candidates,
      List<Document> embeddingDocuments,
      List<Document> longPassages) {
    this.queryId = queryId;
    this.query = query;
    this.mixedPairs = mixedPairs;
    this.candidates = candidates;
    this.embeddingDocuments = embeddingDocuments;
    this.longPassages = longPassages;
  }

  /**
   * @param tokenizerFile the cross-encoder's tokenizer, which counts pair lengths
   * @param embedderTokenizerFile the embedder's tokenizer, which counts chunk lengths
   * @param embeddingWindow tokens a chunk may have so that no embedder cuts it
   */
  static ScifactSample load(
      BenchSettings settings, Path tokenizerFile, Path embedderTokenizerFile, int embeddingWindow)
      throws IOException {
    BeirDataset dataset = new BeirDataset(settings.dataset(), settings.qrels());
    Map<String, Document> corpus = new LinkedHashMap<>();
    dataset.forEachDocument(document -> corpus.put(document.id(), document));
    String queryId = dataset.qrels.keySet().iterator().next();
    String query = dataset.queries.get(queryId);

    Map<String, Document> candidates = new LinkedHashMap<>();
    for (String judged : dataset.qrels.get(queryId).keySet()) {
      if (corpus.containsKey(judged)) {
        candidates.put(judged, corpus.get(judged));
      }
    }
    List<Document> all = new ArrayList<>(corpus.values());
    int step = all.size() / CANDIDATES;
    for (int i = 0; candidates.size() < CANDIDATES && i < all.size(); i += step) {
      candidates.putIfAbsent(all.get(i).id(), all.get(i));
    }

    List<Document> embedding = new ArrayList<>();
    List<Document> longPassages = new ArrayList<>();
    int[] pairLengths = new int[all.size()];
    RecursiveTextSplitter splitter = new RecursiveTextSplitter(CHUNK_SIZE, CHUNK_OVERLAP);
    // Counts tokens without cutting at the benchmark's max length.
    try (ModelTokenizer counter = ModelTokenizer.load(tokenizerFile, 512);
        ModelTokenizer chunkCounter = ModelTokenizer.load(embedderTokenizerFile, 512)) {
      for (int i = 0; i < all.size(); i++) {
        Document document = all.get(i);
        pairLengths[i] = Math.min(BenchSettings.MAX_LENGTH, counter.encodePair(query, passage(document)).length());
        if (embedding.size() < settings.embeddingDocs()
            && splitter.split(document.text()).stream()
                .allMatch(chunk -> chunkCounter.encode(chunk.text()).length() <= embeddingWindow)) {
          embedding.add(document);
        }
        if (longPassages.size() < PAIRS
            && counter.encodePair(query, passage(document)).length() > BenchSettings.MAX_LENGTH) {
          longPassages.add(document);
        }
      }
    }
    int shortest = java.util.Arrays.stream(pairLengths).min().orElseThrow();
    List<Document> mixed = new ArrayList<>();
    java.util.Set<Integer> taken = new java.util.HashSet<>();
    for (int i = 0; i < PAIRS; i++) {
      double target = shortest + i * (BenchSettings.MAX_LENGTH - shortest) / (double) (PAIRS - 1);
      int best = -1;
      for (int j = 0; j < all.size(); j++) {
        if (!taken.contains(j)
            && (best < 0 || Math.abs(pairLengths[j] - target) < Math.abs(pairLengths[best] - target))) {
          best = j;
        }
      }
      taken.add(best);
      mixed.add(all.get(best));
    }
    if (embedding.size() < settings.embeddingDocs()) {
      throw new IllegalArgumentException(
          "only " + embedding.size() + " documents have all their chunks within " + embeddingWindow
              + " tokens; lower bench.embeddingDocs");
    }
    return new ScifactSample(
        queryId, query, mixed, new ArrayList<>(candidates.values()), embedding, longPassages);
  }

  /** What the cross-encoder reads for a document: title + " " + abstract, as BEIR builds it. */
  static String passage(Document document) {
    return (document.title() + " " + document.text()).trim();
  }


  /** The passages of the 20 mixed-length pairs. */
  List<String> mixedPassages() {
    return passages(mixedPairs);
  }

  /** The passages of the first candidates, at the corpus's own mix of lengths. */
  List<String> candidatePassages(int count) {
    return passages(candidates.subList(0, count));
  }

  static List<String> passages(List<Document> documents) {
    List<String> passages = new ArrayList<>(documents.size());
    for (Document document : documents) {
      passages.add(passage(document));
    }
    return passages;
  }

  /** The chunk texts of the embedding documents, as the default chain splits their text field. */
  List<String> embeddingTexts() {
    RecursiveTextSplitter splitter = new RecursiveTextSplitter(CHUNK_SIZE, CHUNK_OVERLAP);
    List<String> texts = new ArrayList<>();
    for (Document document : embeddingDocuments) {
      for (Chunk chunk : splitter.split(document.text())) {
        texts.add(chunk.text());
      }
    }
    return texts;
  }
}
