package io.github.solrneural.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.impl.Http2SolrClient;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.Replica;
import org.apache.solr.common.cloud.Slice;
import org.apache.solr.common.params.CursorMarkParams;

/**
 * After the load: the index must hold exactly the documents acknowledged, each once, each with
 * exactly the chunks the splitter makes of its text, every chunk with a vector of the model's
 * dimension, and the replicas of each shard must agree.
 */
final class IndexCheck {
  private static final int PAGE = 500;
  private static final int MAX_LISTED = 10;

  private final SolrClient client;
  private final String collection;
  private final List<String> problems = new ArrayList<>();
  private final Map<String, Object> figures = new LinkedHashMap<>();

  IndexCheck(SolrClient client, String collection) {
    this.client = client;
    this.collection = collection;
  }

  /**
   * @param expectedChunks chunk count of each acknowledged document, by id
   * @param dimension the embedder's output dimension
   */
  void checkDocuments(Map<String, Integer> expectedChunks, int dimension) throws Exception {
    List<String> parents = new ArrayList<>();
    forEach("*:* -_nest_path_:*", "id", doc -> parents.add((String) doc.getFieldValue("id")));
    Set<String> found = new HashSet<>(parents);
    List<String> missing = new ArrayList<>();
    for (String id : expectedChunks.keySet()) {
      if (!found.contains(id)) {
        missing.add(id);
      }
    }
    List<String> unexpected = new ArrayList<>();
    for (String id : found) {
      if (!expectedChunks.containsKey(id)) {
        unexpected.add(id);
      }
    }
    figures.put("documents_sent", expectedChunks.size());
    figures.put("documents_found", parents.size());
    figures.put("documents_missing", missing.size());
    figures.put("documents_unexpected", unexpected.size());
    figures.put("documents_duplicated", parents.size() - found.size());
    report(missing, "acknowledged documents missing from the index");
    report(unexpected, "documents in the index that were never acknowledged");
    if (parents.size() != found.size()) {
      problems.add((parents.size() - found.size()) + " documents are in the index more than once");
    }

    Map<String, Integer> chunksOf = new HashMap<>();
    List<String> withoutVector = new ArrayList<>();
    List<String> orphans = new ArrayList<>();
    long[] chunks = {0};
    forEach("_nest_path_:*", "id,_root_,vector",
        doc -> {
          chunks[0]++;
          String id = (String) doc.getFieldValue("id");
          String root = (String) doc.getFieldValue("_root_");
          Object vector = doc.getFieldValue("vector");
          if (!(vector instanceof List) || ((List<?>) vector).size() != dimension) {
            withoutVector.add(id);
          }
          if (!expectedChunks.containsKey(root)) {
            orphans.add(id);
          }
          chunksOf.merge(root, 1, Integer::sum);
        });
    List<String> wrongCount = new ArrayList<>();
    long expectedTotal = 0;
    for (Map.Entry<String, Integer> expected : expectedChunks.entrySet()) {
      expectedTotal += expected.getValue();
      int actual = chunksOf.getOrDefault(expected.getKey(), 0);
      if (actual != expected.getValue()) {
        wrongCount.add(expected.getKey() + " (" + actual + " chunks, expected " + expected.getValue() + ")");
      }
    }
    figures.put("chunks_expected", expectedTotal);
    figures.put("chunks_found", chunks[0]);
    figures.put("chunks_without_" + dimension + "_dim_vector", withoutVector.size());
    figures.put("chunks_without_acknowledged_parent", orphans.size());
    figures.put("documents_with_wrong_chunk_count", wrongCount.size());
    report(withoutVector, "chunks without a " + dimension + "-dimensional vector");
    report(orphans, "chunks whose parent was never acknowledged");
    report(wrongCount, "documents whose chunk count differs from the splitter's");
  }

  /** Each shard's replicas hold the same number of documents (parents and chunks). */
  void checkReplicas(DocCollection state) throws Exception {
    Map<String, Object> perShard = new LinkedHashMap<>();
    for (Slice slice : state.getSlices()) {
      Map<String, Long> counts = new LinkedHashMap<>();
      for (Replica replica : slice.getReplicas()) {
        try (SolrClient core = new Http2SolrClient.Builder(replica.getBaseUrl()).build()) {
          SolrQuery all = new SolrQuery("*:*");
          all.setRows(0);
          all.set("distrib", false);
          counts.put(replica.getName(),
              core.query(replica.getCoreName(), all).getResults().getNumFound());
        }
      }
      perShard.put(slice.getName(), counts);
      if (counts.values().stream().distinct().count() > 1) {
        problems.add("replicas of " + slice.getName() + " disagree: " + counts);
      }
    }
    figures.put("replica_document_counts", perShard);
  }

  void notChecked(String reason) {
    problems.add("the index was not checked: " + reason);
  }

  List<String> problems() {
    return problems;
  }

  Map<String, Object> figures() {
    return figures;
  }

  private void report(List<String> ids, String what) {
    if (!ids.isEmpty()) {
      problems.add(ids.size() + " " + what + ", such as "
          + ids.subList(0, Math.min(MAX_LISTED, ids.size())));
    }
  }

  /** Pages through every match with a cursor. */
  private void forEach(String query, String fields, Consumer<SolrDocument> consumer)
      throws Exception {
    String cursor = CursorMarkParams.CURSOR_MARK_START;
    while (true) {
      SolrQuery page = new SolrQuery(query);
      page.setFields(fields);
      page.setRows(PAGE);
      page.setSort("id", SolrQuery.ORDER.asc);
      page.set(CursorMarkParams.CURSOR_MARK_PARAM, cursor);
      QueryResponse response = client.query(collection, page);
      response.getResults().forEach(consumer);
      String next = response.getNextCursorMark();
      if (next.equals(cursor)) {
        return;
      }
      cursor = next;
    }
  }
}
