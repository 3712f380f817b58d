package io.github.solrneural.bench;

import io.github.solrneural.chunk.RecursiveTextSplitter;
import io.github.solrneural.eval.BeirDataset.Document;
import io.github.solrneural.model.CacheLimits;
import io.github.solrneural.model.CrossEncoder;
import io.github.solrneural.model.Embedder;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelEngine;
import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.SolrjQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

/**
 * Sections 3 and 4, in a real Solr (one node, over HTTP) whose cores share their loaded models with
 * this JVM's bare scorer and embedder, so both sides run the very same model objects:
 *
 * <ul>
 *   <li>through_solr: indexing SciFact documents through the update processor against the bare
 *       embedder on the same texts, and a reranked query (reRankDocs 20) against the bare scorer
 *       on the same 20 pairs;
 *   <li>scaling: rerank latency at reRankDocs 10, 20, 50 and 100, and the bare scorer at pair
 *       lengths of exactly 32, 64, 128 and 256 tokens.
 * </ul>
 */
final class SolrSection {
  private static final String COLLECTION = "bench";
  /** Indexing is timed into a collection of its own, emptied before each round. */
  private static final String INDEX_COLLECTION = "bench_index";
  private static final String RERANKER = "bench_reranker";
  private static final int UPDATE_BATCH = 64;
  private static final int[] RERANK_DOCS = {10, 20, 50, 100};
  private static final int[] PAIR_LENGTHS = {32, 64, 128, 256};

  private final BenchSettings settings;
  private final ScifactSample sample;
  private final Report report;

  SolrSection(BenchSettings settings, ScifactSample sample, Report report) {
    this.settings = settings;
    this.sample = sample;
    this.report = report;
  }

  void run(Map<String, Object> json) throws Exception {
    Path project = settings.project();
    Path baseDir = DemoModels.buildDir().resolve("bench-solr");
    deleteRecursively(baseDir);
    Path configset = NeuralCluster.configsetWithModel(DemoModels.buildDir().resolve("bench-conf"), RERANKER,
        settings.reranker(), "OnnxRuntime", "cross-encoder",
        // As CrossEncoderSection.spec: no pair cache, so each timed rerank runs the model.
        Map.of("pairCacheEntries", "0", "pairCacheBytes", "0"));
    NeuralCluster.allowModelFolders(settings.reranker());
    // Every timed query must run the model: without a query result cache, a repeated query does.
    Path solrconfig = configset.resolve("solrconfig.xml");
    String config = Files.readString(solrconfig);
    String uncached = config.replaceAll("<queryResultCache[^>]*/>", "<!-- no queryResultCache: the benchmark times the model -->");
    if (uncached.equals(config)) {
      throw new IllegalStateException(solrconfig + " declares no queryResultCache to leave out");
    }
    Files.writeString(solrconfig, uncached);
    MiniSolrCloudCluster cluster = NeuralCluster.start(baseDir, 1, 0, configset);
    // The specs solrconfig declares: acquiring them shares the cores' loaded models.
    ModelSpec rerankerSpec = CrossEncoderSection.spec(settings.reranker(), ModelEngine.ONNX_RUNTIME, "");
    ModelSpec embedderSpec = DemoModels.configsetEmbedderSpec();
    try {
      SolrClient client = cluster.getSolrClient();
      NeuralCluster.createCollection(client, cluster, COLLECTION, 1, 1);
      NeuralCluster.createCollection(client, cluster, INDEX_COLLECTION, 1, 1);
      LoadedModel reranker = shared(rerankerSpec);
      LoadedModel embedder = shared(embedderSpec);
      try {
        indexCandidates(client);
        if (settings.sections().contains("through_solr")) {
          long start = System.nanoTime();
          System.out.println("bench: through_solr...");
          Map<String, Object> section = new LinkedHashMap<>();
          section.put("indexing", indexing(client, new Embedder(embedder)));
          section.put("rerank_query", rerankQuery(client, new CrossEncoder(reranker), reranker));
          section.put("seconds", Math.round((System.nanoTime() - start) / 1e9));
          json.put("through_solr", section);
        }
        if (settings.sections().contains("scaling")) {
          long start = System.nanoTime();
          System.out.println("bench: scaling...");
          Map<String, Object> section = new LinkedHashMap<>();
          section.put("rerank_docs", rerankDocs(client, reranker));
          section.put("pair_tokens", pairLengths());
          section.put("seconds", Math.round((System.nanoTime() - start) / 1e9));
          json.put("scaling", section);
        }
      } finally {
        ModelRegistry.get().release(rerankerSpec);
        ModelRegistry.get().release(embedderSpec);
      }
    } finally {
      cluster.shutdown();
    }
  }

  /** The model Solr's core loaded for the spec; fails if the spec does not match its declaration. */
  private static LoadedModel shared(ModelSpec spec) throws Exception {
    if (ModelRegistry.get().referenceCount(spec) == 0) {
      throw new IllegalStateException("Solr did not load a model with the spec " + spec
          + "; the bare side would not run the same model object");
    }
    return ModelRegistry.get().acquire(spec);
  }

  private void indexCandidates(SolrClient client) throws Exception {
    Map<String, Document> unique = new LinkedHashMap<>();
    for (Document document : sample.mixedPairs) {
      unique.put(document.id(), document);
    }
    for (Document document : sample.candidates) {
      unique.put(document.id(), document);
    }
    List<SolrInputDocument> documents = new ArrayList<>();
    for (Document document : unique.values()) {
      SolrInputDocument doc = solrDocument(document.id(), document);
      doc.setField("passage_t", ScifactSample.passage(document));
      documents.add(doc);
    }
    send(client, COLLECTION, documents, "whole-document");
    client.commit(COLLECTION);
  }

  private static SolrInputDocument solrDocument(String id, Document document) {
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", id);
    if (!document.title().isBlank()) {
      doc.setField("title", document.title());
    }
    doc.setField("text", document.text());
    return doc;
  }

  /** Sends the documents in requests of {@link #UPDATE_BATCH}, through the chain (null: default). */
  private static void send(
      SolrClient client, String collection, List<SolrInputDocument> documents, String chain)
      throws Exception {
    for (int from = 0; from < documents.size(); from += UPDATE_BATCH) {
      UpdateRequest update = new UpdateRequest();
      if (chain != null) {
        update.setParam("update.chain", chain);
      }
      update.add(documents.subList(from, Math.min(documents.size(), from + UPDATE_BATCH)));
      update.process(client, collection);
    }
  }

  private Map<String, Object> indexing(SolrClient client, Embedder embedder) throws Exception {
    List<String> texts = sample.embeddingTexts();
    List<SolrInputDocument> documents = new ArrayList<>();
    List<String> chunkIds = new ArrayList<>();
    for (Document document : sample.embeddingDocuments) {
      SolrInputDocument doc = new SolrInputDocument();
      doc.setField("id", "idx-" + document.id());
      doc.setField("text", document.text());
      documents.add(doc);
      int chunks = new RecursiveTextSplitter(ScifactSample.CHUNK_SIZE, ScifactSample.CHUNK_OVERLAP)
          .split(document.text()).size();
      for (int i = 0; i < chunks; i++) {
        chunkIds.add("idx-" + document.id() + "#" + i);
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("documents", documents.size());
    figures.put("chunks", texts.size());
    figures.put("update_batch_documents", UPDATE_BATCH);
    figures.put("collection", INDEX_COLLECTION + ", emptied (untimed) before each round");
    figures.put("update_chain", "the configset's default: the text field in chunks of "
        + ScifactSample.CHUNK_SIZE + " characters overlapping by " + ScifactSample.CHUNK_OVERLAP
        + ", each chunk a child document with its vector");
    // Checked before timing: the vectors Solr stores are the bare embedder's, chunk for chunk.
    send(client, INDEX_COLLECTION, documents, null);
    client.commit(INDEX_COLLECTION);
    figures.put("min_cosine_solr_vectors_vs_bare_embedder",
        Report.round(Checks.requireVectors("Solr's stored vectors", storedVectors(client, chunkIds),
            EmbeddingSection.vectors(embedder.embedAll(texts))), 6));

    List<Double> commitMillis = new ArrayList<>();
    Map<String, double[]> times = Interleaved.time(List.of(
        new Interleaved.Contender("solr_update_requests_and_commit", () -> {
          // Untimed: an empty index again, so every round indexes new documents, merge-free.
          client.deleteByQuery(INDEX_COLLECTION, "*:*");
          client.commit(INDEX_COLLECTION);
          long start = System.nanoTime();
          send(client, INDEX_COLLECTION, documents, null);
          long sent = System.nanoTime();
          client.commit(INDEX_COLLECTION);
          long end = System.nanoTime();
          commitMillis.add((end - sent) / 1e6);
          return (end - start) / 1e6;
        }),
        Interleaved.timed("bare_embedder", () -> embedder.embedAll(texts))), settings.rounds());
    double solr = Interleaved.median(times.get("solr_update_requests_and_commit"));
    double bare = Interleaved.median(times.get("bare_embedder"));
    for (Map.Entry<String, double[]> entry : times.entrySet()) {
      double median = Interleaved.median(entry.getValue());
      figures.put(entry.getKey(), Map.of("median_ms", Report.round(median, 1),
          "docs_per_second", Report.round(documents.size() / median * 1000, 1),
          "chunks_per_second", Report.round(texts.size() / median * 1000, 1),
          "round_ms", CrossEncoderSection.round(entry.getValue())));
    }
    figures.put("ratio_solr_time_vs_bare_embedder", Report.round(solr / bare, 3));
    // Where the gap goes: the commit (a new segment and searcher) is part of the Solr time.
    double commit = Interleaved.median(
        commitMillis.subList(commitMillis.size() - settings.rounds(), commitMillis.size()).stream()
            .mapToDouble(Double::doubleValue).toArray());
    figures.put("commit_median_ms", Report.round(commit, 1));
    figures.put("ratio_solr_time_without_commit_vs_bare_embedder",
        Report.round((solr - commit) / bare, 3));
    String label = "index " + documents.size() + " docs (" + texts.size() + " chunks) through Solr";
    report.row(label, "update processor (HTTP, " + UPDATE_BATCH + " docs a request, commit)", solr,
        Report.format("%.1f docs/s", documents.size() / solr * 1000),
        Report.format("overhead %+.1f%%, of which commit %.0f ms", 100 * (solr / bare - 1), commit));
    report.row(label, "bare embedder, same chunk texts", bare,
        Report.format("%.1f docs/s", documents.size() / bare * 1000), "");
    return figures;
  }

  private static float[][] storedVectors(SolrClient client, List<String> ids) throws Exception {
    SolrjQuery query = new SolrjQuery("{!terms f=id}" + String.join(",", ids));
    query.setRows(ids.size());
    query.setFields("id,vector");
    Map<String, float[]> byId = new HashMap<>();
    for (SolrDocument doc : client.query(INDEX_COLLECTION, query).getResults()) {
      List<?> values = (List<?>) doc.getFieldValue("vector");
      float[] vector = new float[values.size()];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = ((Number) values.get(i)).floatValue();
      }
      byId.put(doc.getFieldValue("id").toString(), vector);
    }
    float[][] vectors = new float[ids.size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = byId.get(ids.get(i));
      if (vectors[i] == null) {
        throw new IllegalStateException("Solr has no vector for " + ids.get(i));
      }
    }
    return vectors;
  }

  /** The reranked query for these documents: exactly they are reranked. */
  private SolrjQuery rerankQuery(List<Document> documents) {
    int count = documents.size();
    List<String> ids = documents.stream().map(Document::id).toList();
    SolrjQuery query = new SolrjQuery("{!terms f=id}" + String.join(",", ids));
    query.set("rq", "{!cross_encoder model=" + RERANKER + " reRankDocs=" + count + " f=passage_t v=$qt}");
    query.set("qt", sample.query);
    query.setRows(count);
    query.setFields("id,score");
    return query;
  }

  /** Runs the query and checks that the model ran in it (no result cache hit). */
  private static QueryResponse query(SolrClient client, SolrjQuery query, LoadedModel reranker, int pairs)
      throws Exception {
    long before = reranker.itemsProcessed();
    QueryResponse response = client.query(COLLECTION, query);
    long scored = reranker.itemsProcessed() - before;
    if (scored < pairs) {
      throw new IllegalStateException("the reranked query scored " + scored + " pairs, expected "
          + pairs + ": it was answered from a cache, and would time nothing");
    }
    return response;
  }

  private Map<String, Object> rerankQuery(SolrClient client, CrossEncoder scorer, LoadedModel reranker)
      throws Exception {
    int count = ScifactSample.PAIRS;
    List<String> passages = sample.mixedPassages();
    SolrjQuery query = rerankQuery(sample.mixedPairs);
    float[] bare = scorer.score(sample.query, passages);
    Map<String, Float> solrScores = new HashMap<>();
    for (SolrDocument doc : query(client, query, reranker, count).getResults()) {
      solrScores.put(doc.getFieldValue("id").toString(), ((Number) doc.getFieldValue("score")).floatValue());
    }
    float[] solr = new float[count];
    for (int i = 0; i < count; i++) {
      Float score = solrScores.get(sample.mixedPairs.get(i).id());
      if (score == null) {
        throw new IllegalStateException("Solr did not return candidate " + sample.mixedPairs.get(i).id());
      }
      solr[i] = score;
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("pairs", count);
    figures.put("request", "q={!terms f=id}<the 20 ids>&rq={!cross_encoder model=" + RERANKER
        + " reRankDocs=20 f=passage_t v=$qt}&rows=20&fl=id,score");
    figures.put("max_abs_score_difference_solr_vs_bare_scorer",
        Report.round(Checks.requireScores("Solr's rerank scores", solr, bare), 7));
    Map<String, double[]> times = Interleaved.time(List.of(
        Interleaved.timed("solr_reranked_query_http", () -> query(client, query, reranker, count)),
        Interleaved.timed("bare_scorer", () -> scorer.score(sample.query, passages))), settings.rounds());
    double solrMillis = Interleaved.median(times.get("solr_reranked_query_http"));
    double bareMillis = Interleaved.median(times.get("bare_scorer"));
    for (Map.Entry<String, double[]> entry : times.entrySet()) {
      double median = Interleaved.median(entry.getValue());
      figures.put(entry.getKey(), Map.of("median_ms", Report.round(median, 1),
          "pairs_per_second", Report.round(count / median * 1000, 1),
          "round_ms", CrossEncoderSection.round(entry.getValue())));
    }
    figures.put("ratio_solr_time_vs_bare_scorer", Report.round(solrMillis / bareMillis, 3));
    String label = "rerank 20 pairs (mixed lengths) through Solr";
    report.row(label, "reranked query over HTTP (reRankDocs=20)", solrMillis,
        Report.format("%.1f pairs/s", count / solrMillis * 1000),
        Report.format("overhead %+.1f%%", 100 * (solrMillis / bareMillis - 1)));
    report.row(label, "bare scorer, same 20 pairs", bareMillis,
        Report.format("%.1f pairs/s", count / bareMillis * 1000), "");
    return figures;
  }

  private Map<String, Object> rerankDocs(SolrClient client, LoadedModel reranker) throws Exception {
    List<Interleaved.Contender> contenders = new ArrayList<>();
    for (int count : RERANK_DOCS) {
      SolrjQuery query = rerankQuery(sample.candidates.subList(0, count));
      contenders.add(Interleaved.timed(Integer.toString(count), () -> query(client, query, reranker, count)));
    }
    Map<String, double[]> times = Interleaved.time(contenders, settings.rounds());
    Map<String, Object> figures = new LinkedHashMap<>();
    double firstPerDoc = Double.NaN;
    double lastPerDoc = Double.NaN;
    for (int count : RERANK_DOCS) {
      double median = Interleaved.median(times.get(Integer.toString(count)));
      double perDoc = median / count;
      firstPerDoc = Double.isNaN(firstPerDoc) ? perDoc : firstPerDoc;
      lastPerDoc = perDoc;
      figures.put(Integer.toString(count), Map.of("median_ms", Report.round(median, 1),
          "ms_per_doc", Report.round(perDoc, 2), "round_ms", CrossEncoderSection.round(times.get(Integer.toString(count)))));
      report.row("rerank latency vs reRankDocs (Solr, natural lengths)", "reRankDocs=" + count, median,
          Report.format("%.1f ms/doc", perDoc), "");
    }
    figures.put("ratio_ms_per_doc_at_" + RERANK_DOCS[RERANK_DOCS.length - 1] + "_vs_" + RERANK_DOCS[0],
        Report.round(lastPerDoc / firstPerDoc, 3));
    return figures;
  }

  private Map<String, Object> pairLengths() throws Exception {
    List<String> passages = ScifactSample.passages(sample.longPassages);
    List<LoadedModel> loaded = new ArrayList<>();
    List<Interleaved.Contender> contenders = new ArrayList<>();
    try {
      for (int length : PAIR_LENGTHS) {
        ModelSpec spec = CrossEncoderSection.spec(settings.reranker(), ModelEngine.ONNX_RUNTIME, "");
        spec = ModelSpec.builder(spec.folder(), spec.engine(), spec.kind())
            .maxLength(length)
            .pooling(spec.pooling())
            .normalize(spec.normalize())
            .batchSize(spec.batchSize())
            .maxConcurrentInferences(spec.maxConcurrentInferences())
            .pairCache(CacheLimits.OFF)
            .build();
        LoadedModel model = LoadedModel.load(spec);
        loaded.add(model);
        for (String passage : passages) {
          int tokens = model.tokenizer().encodePair(sample.query, passage).length();
          if (tokens != length) {
            throw new IllegalStateException("a pair has " + tokens + " tokens, expected " + length);
          }
        }
        CrossEncoder scorer = new CrossEncoder(model);
        contenders.add(Interleaved.timed(Integer.toString(length), () -> scorer.score(sample.query, passages)));
      }
      Map<String, double[]> times = Interleaved.time(contenders, settings.rounds());
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("pairs", passages.size());
      double firstPerToken = Double.NaN;
      double lastPerToken = Double.NaN;
      for (int length : PAIR_LENGTHS) {
        double median = Interleaved.median(times.get(Integer.toString(length)));
        double perToken = median / (passages.size() * (double) length) * 1000;
        firstPerToken = Double.isNaN(firstPerToken) ? perToken : firstPerToken;
        lastPerToken = perToken;
        figures.put(Integer.toString(length), Map.of("median_ms", Report.round(median, 1),
            "us_per_token", Report.round(perToken, 1), "round_ms", CrossEncoderSection.round(times.get(Integer.toString(length)))));
        report.row("rerank 20 pairs vs pair length (bare scorer)", length + " tokens per pair", median,
            Report.format("%.1f µs/token", perToken), "");
      }
      figures.put("ratio_us_per_token_at_" + PAIR_LENGTHS[PAIR_LENGTHS.length - 1] + "_vs_" + PAIR_LENGTHS[0],
          Report.round(lastPerToken / firstPerToken, 3));
      return figures;
    } finally {
      loaded.forEach(LoadedModel::close);
    }
  }

  static void deleteRecursively(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
