package io.github.solrneural.bench;

import io.github.solrneural.testing.DemoModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's options, from system properties (the bench profile passes -Dbench.* through).
 *
 * @param dataset BEIR folder of SciFact (bench.dataset)
 * @param qrels the dev qrels whose first query is the rerank query (bench.qrels)
 * @param reranker the cross-encoder folder, with model.onnx, model.pt and tokenizer.json
 *     (bench.reranker)
 * @param out the JSON report (bench.out)
 * @param rounds timed rounds per contender after one warm-up run (bench.rounds)
 * @param embeddingDocs SciFact documents whose chunks are embedded per round (bench.embeddingDocs)
 * @param sections which sections to run (bench.sections, comma-separated; default all but
 *     precision, which runs only when named)
 * @param langchain4jClasspath file holding the LangChain4j peer's classpath (bench.langchain4jClasspath)
 * @param python the Python that derives the reduced-precision models (bench.python)
 * @param cache where costly scores are kept between runs (bench.cache)
 */
record BenchSettings(
    Path project,
    Path dataset,
    Path qrels,
    Path reranker,
    Path out,
    int rounds,
    int embeddingDocs,
    Set<String> sections,
    Path langchain4jClasspath,
    String python,
    Path cache) {

  static final Set<String> ALL_SECTIONS =
      new LinkedHashSet<>(
          Arrays.asList(
              "cross_encoder", "threads", "embedding", "through_solr", "scaling", "base_reranker",
              "rag_results",
              "caches", "precision"));
  /** Sections a run without bench.sections skips: they take tens of minutes the first time. */
  static final Set<String> ON_REQUEST_ONLY = Set.of("precision");
  static final int MAX_LENGTH = 256;

  static BenchSettings fromSystemProperties() {
    Path project = DemoModels.projectDir();
    Path shared = project.resolve("../shared").normalize();
    Path dataset = path("bench.dataset", shared.resolve("datasets/scifact"));
    Set<String> sections = new LinkedHashSet<>();
    String wanted = System.getProperty("bench.sections", "").trim();
    if (wanted.isEmpty()) {
      sections.addAll(ALL_SECTIONS);
      sections.removeAll(ON_REQUEST_ONLY);
    } else {
      for (String name : wanted.split("\\s*,\\s*")) {
        if (!ALL_SECTIONS.contains(name)) {
          throw new IllegalArgumentException(
              "bench.sections names unknown section '" + name + "'; known: " + ALL_SECTIONS);
        }
        sections.add(name);
      }
    }
    BenchSettings settings =
        new BenchSettings(
            project,
            dataset,
            path("bench.qrels", dataset.resolve("qrels/dev.tsv")),
            path("bench.reranker", shared.resolve("models/scifact-minilm-ce")),
            path("bench.out", DemoModels.buildDir().resolve("bench/bench.json")),
            positive("bench.rounds", 5),
            positive("bench.embeddingDocs", 40),
            sections,
            path("bench.langchain4jClasspath", DemoModels.buildDir().resolve("bench/langchain4j.classpath")),
            System.getProperty("bench.python", "/usr/bin/python3"),
            path("bench.cache", DemoModels.buildDir().resolve("bench-cache")));
    settings.requireInputs();
    return settings;
  }

  private void requireInputs() {
    for (Path file :
        new Path[] {
          dataset.resolve("corpus.jsonl"), dataset.resolve("queries.jsonl"), qrels,
          reranker.resolve("model.onnx"), reranker.resolve("model.pt"),
          reranker.resolve("tokenizer.json")
        }) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(
            file + " is missing: the benchmark needs SciFact and the shared cross-encoder"
                + " (../shared, or -Dbench.dataset / -Dbench.reranker)");
      }
    }
  }

  Map<String, Object> describe() {
    Map<String, Object> described = new LinkedHashMap<>();
    described.put("dataset", dataset.toString());
    described.put("qrels", qrels.toString());
    described.put("reranker", reranker.toString());
    described.put("rounds", rounds);
    described.put("embedding_docs", embeddingDocs);
    described.put("max_length_tokens", MAX_LENGTH);
    described.put("sections", sections);
    described.put("pytorch_threads_per_pass", System.getProperty("ai.djl.pytorch.num_threads"));
    described.put("cache", cache.toString());
    return described;
  }

  private static Path path(String property, Path defaultValue) {
    String value = System.getProperty(property, "").trim();
    return (value.isEmpty() ? defaultValue : Path.of(value)).toAbsolutePath().normalize();
  }

  private static int positive(String property, int defaultValue) {
    String value = System.getProperty(property, "").trim();
    if (value.isEmpty()) {
      return defaultValue;
    }
    int parsed = Integer.parseInt(value);
    if (parsed < 1) {
      throw new IllegalArgumentException(property + " must be at least 1, got " + value);
    }
    return parsed;
  }
}
