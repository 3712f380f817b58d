package io.github.solrneural.bench;

import io.github.solrneural.eval.BeirDataset;
import io.github.solrneural.eval.BeirDataset.Document;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.common.SolrInputDocument;

/**
 * Rows of section caches: what re-indexing costs when most text is unchanged. In a real Solr (one
 * node, over HTTP, the configset's default chain), each round indexes {@value #DOCUMENTS} SciFact
 * documents into an emptied collection, sends them again unchanged, then again with one chunk of
 * each changed (the first letter's case swapped: same length, so only the first chunk differs).
 * Each phase is timed with its commit; the model's own count of texts says what it ran.
 */
final class ReindexMeasure {
  static final int DOCUMENTS = 500;
  private static final String COLLECTION = "bench_reindex";
  private static final int UPDATE_BATCH = 64;
  private static final String[] PHASES = {"first_index", "unchanged", "one_changed_chunk"};

  private final BenchSettings settings;
  private final Report report;

  ReindexMeasure(BenchSettings settings, Report report) {
    this.settings = settings;
    this.report = report;
  }

  Map<String, Object> run() throws Exception {
    List<SolrInputDocument> original = documents(false);
    List<SolrInputDocument> changed = documents(true);
    Path baseDir = DemoModels.buildDir().resolve("bench-reindex-solr");
    SolrSection.deleteRecursively(baseDir);
    MiniSolrCloudCluster cluster = NeuralCluster.start(baseDir, 1, 0);
    ModelSpec spec = DemoModels.configsetEmbedderSpec();
    try {
      SolrClient client = cluster.getSolrClient();
      NeuralCluster.createCollection(client, cluster, COLLECTION, 1, 1);
      if (ModelRegistry.get().referenceCount(spec) == 0) {
        throw new IllegalStateException("Solr did not load the embedder spec " + spec
            + ": the model's count of texts would not be Solr's");
      }
      LoadedModel model = ModelRegistry.get().acquire(spec);
      try {
        return measure(client, model, original, changed);
      } finally {
        ModelRegistry.get().release(spec);
      }
    } finally {
      cluster.shutdown();
    }
  }

  private Map<String, Object> measure(SolrClient client, LoadedModel model,
      List<SolrInputDocument> original, List<SolrInputDocument> changed) throws Exception {
    Map<String, List<Double>> millis = new LinkedHashMap<>();
    Map<String, Long> modelTexts = new LinkedHashMap<>();
    for (String phase : PHASES) {
      millis.put(phase, new ArrayList<>());
    }
    for (int round = 0; round <= settings.rounds(); round++) { // round 0 warms up, untimed
      client.deleteByQuery(COLLECTION, "*:*");
      client.commit(COLLECTION);
      List<List<SolrInputDocument>> sent = List.of(original, original, changed);
      for (int p = 0; p < PHASES.length; p++) {
        long texts = model.itemsProcessed();
        long start = System.nanoTime();
        send(client, sent.get(p));
        client.commit(COLLECTION);
        double elapsed = (System.nanoTime() - start) / 1e6;
        modelTexts.put(PHASES[p], model.itemsProcessed() - texts);
        if (round > 0) {
          millis.get(PHASES[p]).add(elapsed);
        }
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("documents", original.size());
    figures.put("update_batch_documents", UPDATE_BATCH);
    figures.put("update_chain", "the configset's default (chunks of 500 characters, overlap 100)");
    figures.put("model_texts_per_phase", modelTexts);
    Map<String, Double> medians = new LinkedHashMap<>();
    for (String phase : PHASES) {
      double median = Interleaved.median(millis.get(phase).stream().mapToDouble(d -> d).toArray());
      medians.put(phase, median);
      figures.put(phase, Map.of("median_ms", Report.round(median, 1),
          "docs_per_second", Report.round(original.size() / median * 1000, 1),
          "round_ms", CrossEncoderSection.round(
              millis.get(phase).stream().mapToDouble(d -> d).toArray())));
      report.row("re-index " + original.size() + " SciFact docs through Solr", phase
          + " (" + modelTexts.get(phase) + " texts embedded)", median,
          Report.format("%.1f docs/s", original.size() / median * 1000),
          phase.equals("first_index") ? "" : Report.format("%.1fx the first index's speed",
              medians.get("first_index") / median));
    }
    figures.put("ratio_reindex_unchanged_speed_vs_first_index",
        Report.round(medians.get("first_index") / medians.get("unchanged"), 2));
    figures.put("ratio_reindex_one_changed_chunk_speed_vs_first_index",
        Report.round(medians.get("first_index") / medians.get("one_changed_chunk"), 2));
    figures.put("target_ratio_reindex_unchanged", 10);
    return figures;
  }

  private static void send(SolrClient client, List<SolrInputDocument> documents)
      throws Exception {
    for (int from = 0; from < documents.size(); from += UPDATE_BATCH) {
      UpdateRequest update = new UpdateRequest();
      update.add(documents.subList(from, Math.min(documents.size(), from + UPDATE_BATCH)));
      update.process(client, COLLECTION);
    }
  }

  /** The corpus's first documents; {@code changed}: the text's first letter in the other case. */
  private List<SolrInputDocument> documents(boolean changed) throws Exception {
    List<SolrInputDocument> documents = new ArrayList<>();
    new BeirDataset(settings.dataset(), settings.qrels()).forEachDocument(document -> {
      if (documents.size() < DOCUMENTS && !document.text().isBlank()) {
        documents.add(solrDocument(document, changed));
      }
    });
    if (documents.size() < DOCUMENTS) {
      throw new IllegalStateException("SciFact holds only " + documents.size() + " documents");
    }
    return documents;
  }

  private static SolrInputDocument solrDocument(Document document, boolean changed) {
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", document.id());
    String text = document.text();
    if (changed) {
      char first = text.charAt(0);
      char swapped = Character.isUpperCase(first) ? Character.toLowerCase(first)
          : Character.isLowerCase(first) ? Character.toUpperCase(first) : '#';
      text = swapped + text.substring(1);
    }
    doc.setField("text", text);
    return doc;
  }
}
