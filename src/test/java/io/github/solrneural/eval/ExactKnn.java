package io.github.solrneural.eval;

import io.github.solrneural.eval.RankingMetrics.Hit;
import io.github.solrneural.model.Embedder;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.model.TextEmbedder;
import io.github.solrneural.model.TextPrefixes;
import io.github.solrneural.testing.KnownEmbedder;
import io.github.solrneural.testing.SolrjQuery;
import io.github.solrneural.testing.Vectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.params.CursorMarkParams;

/**
 * Exact (brute-force) nearest neighbours over the vectors Solr stored, for the query vectors the
 * node's own loaded model makes: what Solr's HNSW answer is compared with. The query text goes
 * through the same loaded model and the same query prefix as the KNN parser's.
 */
final class ExactKnn implements AutoCloseable {
  private static final int PAGE = 1000;

  private final Map<String, float[]> vectors;
  private final ModelSpec spec;
  private final TextEmbedder queries;

  private ExactKnn(Map<String, float[]> vectors, ModelSpec spec, TextEmbedder queries) {
    this.vectors = vectors;
    this.spec = spec;
    this.queries = queries;
  }

  /** Reads every stored vector of the collection and takes the node's loaded embedder. */
  static ExactKnn over(SolrClient client, String collection, KnownEmbedder known, String variant)
      throws Exception {
    Path folder = known.folder().toRealPath();
    ModelSpec spec = ModelRegistry.get().loaded().stream()
        .filter(s -> s.folder().equals(folder) && s.variant().equals(variant))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(
            "Solr has not loaded " + folder + " (variant '" + variant + "')"));
    LoadedModel model = ModelRegistry.get().acquire(spec);
    TextEmbedder embedder =
        new TextPrefixes(known.queryPrefix, known.documentPrefix).forQueries(new Embedder(model));
    return new ExactKnn(storedVectors(client, collection), spec, embedder);
  }

  private static Map<String, float[]> storedVectors(SolrClient client, String collection)
      throws Exception {
    Map<String, float[]> vectors = new LinkedHashMap<>();
    String cursor = CursorMarkParams.CURSOR_MARK_START;
    while (true) {
      SolrjQuery query = new SolrjQuery("*:*");
      query.setFields("id", "vector");
      query.setRows(PAGE);
      query.set("sort", "id asc");
      query.set(CursorMarkParams.CURSOR_MARK_PARAM, cursor);
      QueryResponse response = client.query(collection, query);
      for (SolrDocument doc : response.getResults()) {
        vectors.put(String.valueOf(doc.getFieldValue("id")),
            Vectors.floats((List<?>) doc.getFieldValue("vector")));
      }
      String next = response.getNextCursorMark();
      if (next.equals(cursor)) {
        return vectors;
      }
      cursor = next;
    }
  }

  int documents() {
    return vectors.size();
  }

  /** The depth nearest documents by cosine, best first, ties by id as trec_eval breaks them. */
  List<Hit> nearest(String queryText, int depth) {
    float[] query = queries.embedAll(List.of(queryText)).get(0).vector();
    List<Hit> hits = new ArrayList<>(vectors.size());
    for (Map.Entry<String, float[]> entry : vectors.entrySet()) {
      hits.add(new Hit(entry.getKey(), Vectors.cosine(query, entry.getValue())));
    }
    hits.sort(RankingMetrics.TREC_ORDER);
    return new ArrayList<>(hits.subList(0, Math.min(depth, hits.size())));
  }

  @Override
  public void close() {
    ModelRegistry.get().release(spec);
  }
}
