package io.github.solrneural.load;

import io.github.solrneural.testing.SolrClients;
import io.github.solrneural.testing.SolrjQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.Replica;
import org.apache.solr.common.cloud.Slice;
import org.apache.solr.common.params.CursorMarkParams;

/**
 * After the load: the collection, and each replica on its own, must hold exactly the documents
 * acknowledged (of its shard), each once, each with exactly the chunks the splitter makes of its
 * text, every chunk with a vector of the model's dimension; the replicas of a shard must hold the
 * same documents and chunks. Documents of batches never acknowledged may be there or not, but
 * whole if there.
 */
final class IndexCheck {
  private static final int PAGE = 500;
  private static final int MAX_LISTED = 10;

  private final SolrClient client;
  private final String collection;
  private final int dimension;
  private final java.util.function.Function<String, String> batchOf;
  private final List<String> problems = new ArrayList<>();
  private final Map<String, Object> figures = new LinkedHashMap<>();

  /** @param batchOf what became of a document's batch, for the missing ones */
  IndexCheck(SolrClient client, String collection, int dimension,
      java.util.function.Function<String, String> batchOf) {
    this.client = client;
    this.collection = collection;
    this.dimension = dimension;
    this.batchOf = batchOf;
  }

  /** What one search over the parents and the chunks found. */
  private record Found(List<String> parents, Set<String> chunkIds, Map<String, Integer> chunksOf,
      List<String> withoutVector) {}

  /**
   * The whole collection, through a distributed search.
   *
   * @param acknowledged chunk count of each acknowledged document, by id
   * @param unacknowledged chunk count of each document of a failed batch, by id
   */
  void checkDocuments(Map<String, Integer> acknowledged, Map<String, Integer> unacknowledged)
      throws Exception {
    Found found = read(client, collection, true);
    Map<String, Object> counts = compare("collection", found, acknowledged, unacknowledged);
    figures.putAll(counts);
  }

  /** Each replica on its own (distrib=false): its shard's documents, and the same as its peers. */
  void checkReplicas(DocCollection state, Map<String, Integer> acknowledged,
      Map<String, Integer> unacknowledged) throws Exception {
    Map<String, Object> perShard = new LinkedHashMap<>();
    for (Slice slice : state.getSlices()) {
      Map<String, Integer> expected = ofSlice(state, slice, acknowledged);
      Map<String, Integer> maybe = ofSlice(state, slice, unacknowledged);
      Map<String, Object> perReplica = new LinkedHashMap<>();
      Found first = null;
      String firstName = null;
      for (Replica replica : slice.getReplicas()) {
        String label = slice.getName() + "/" + replica.getName() + " (" + replica.getNodeName() + ")";
        Found found;
        try (SolrClient core = SolrClients.http(replica.getBaseUrl())) {
          found = read(core, replica.getCoreName(), false);
        } catch (Exception e) {
          problems.add(label + " could not be read (state " + replica.getState() + "): " + e);
          continue;
        }
        Map<String, Object> counts = compare(label, found, expected, maybe);
        perReplica.put(replica.getName(),
            Map.of("documents", counts.get("documents_found"), "chunks", counts.get("chunks_found")));
        if (first == null) {
          first = found;
          firstName = replica.getName();
        } else if (!new HashSet<>(first.parents()).equals(new HashSet<>(found.parents()))
            || !first.chunkIds().equals(found.chunkIds())) {
          problems.add("replicas of " + slice.getName() + " disagree: " + firstName + " and "
              + replica.getName() + " hold different documents or chunks " + perReplica);
        }
      }
      perShard.put(slice.getName(), perReplica);
    }
    figures.put("replicas", perShard);
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

  private static Map<String, Integer> ofSlice(DocCollection state, Slice slice,
      Map<String, Integer> documents) {
    Map<String, Integer> ofSlice = new HashMap<>();
    documents.forEach((id, chunks) -> {
      if (state.getRouter().getTargetSlice(id, null, null, null, state).getName()
          .equals(slice.getName())) {
        ofSlice.put(id, chunks);
      }
    });
    return ofSlice;
  }

  private Found read(SolrClient source, String target, boolean distrib) throws Exception {
    List<String> parents = new ArrayList<>();
    forEach(source, target, distrib, "*:* -_nest_path_:*", "id",
        doc -> parents.add((String) doc.getFieldValue("id")));
    Set<String> chunkIds = new HashSet<>();
    Map<String, Integer> chunksOf = new HashMap<>();
    List<String> withoutVector = new ArrayList<>();
    forEach(source, target, distrib, "_nest_path_:*", "id,_root_,vector",
        doc -> {
          String id = (String) doc.getFieldValue("id");
          chunkIds.add(id);
          Object vector = doc.getFieldValue("vector");
          if (!(vector instanceof List) || ((List<?>) vector).size() != dimension) {
            withoutVector.add(id);
          }
          chunksOf.merge((String) doc.getFieldValue("_root_"), 1, Integer::sum);
        });
    return new Found(parents, chunkIds, chunksOf, withoutVector);
  }

  /** Records the problems of what was found against what was expected; returns the counts. */
  private Map<String, Object> compare(String where, Found found, Map<String, Integer> acknowledged,
      Map<String, Integer> unacknowledged) {
    Set<String> present = new HashSet<>(found.parents());
    List<String> missing = new ArrayList<>();
    long chunksExpected = 0;
    for (Map.Entry<String, Integer> document : acknowledged.entrySet()) {
      chunksExpected += document.getValue();
      if (!present.contains(document.getKey())) {
        missing.add(document.getKey());
      }
    }
    List<String> unexpected = new ArrayList<>();
    List<String> wrongCount = new ArrayList<>();
    int presentUnacknowledged = 0;
    for (String id : present) {
      Integer chunks = acknowledged.get(id);
      if (chunks == null && (chunks = unacknowledged.get(id)) != null) {
        presentUnacknowledged++;
      }
      if (chunks == null) {
        unexpected.add(id);
      } else if (found.chunksOf().getOrDefault(id, 0).intValue() != chunks) {
        wrongCount.add(id + " (" + found.chunksOf().getOrDefault(id, 0) + " chunks, expected " + chunks + ")");
      }
    }
    List<String> orphans = new ArrayList<>();
    long chunksFound = 0;
    for (Map.Entry<String, Integer> root : found.chunksOf().entrySet()) {
      chunksFound += root.getValue();
      if (!present.contains(root.getKey())) {
        orphans.add(root.getKey() + " (" + root.getValue() + " chunks)");
      }
    }
    int duplicated = found.parents().size() - present.size();
    report(where, missing, "acknowledged documents missing");
    if (!missing.isEmpty()) {
      problems.add(where + ": the missing documents' batches: "
          + missing.stream().map(batchOf).distinct().limit(MAX_LISTED).toList());
    }
    report(where, unexpected, "documents never sent");
    report(where, wrongCount, "documents whose chunk count differs from the splitter's");
    report(where, found.withoutVector(), "chunks without a " + dimension + "-dimensional vector");
    report(where, orphans, "chunk groups whose parent document is missing");
    if (duplicated > 0) {
      problems.add(where + ": " + duplicated + " documents are there more than once");
    }
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("documents_acknowledged", acknowledged.size());
    counts.put("documents_found", found.parents().size());
    counts.put("documents_missing", missing.size());
    counts.put("documents_unexpected", unexpected.size());
    counts.put("documents_duplicated", duplicated);
    counts.put("documents_of_failed_batches_found", presentUnacknowledged);
    counts.put("chunks_expected", chunksExpected);
    counts.put("chunks_found", chunksFound);
    counts.put("chunks_without_" + dimension + "_dim_vector", found.withoutVector().size());
    counts.put("chunks_without_parent", orphans.size());
    counts.put("documents_with_wrong_chunk_count", wrongCount.size());
    return counts;
  }

  private void report(String where, List<String> ids, String what) {
    if (!ids.isEmpty()) {
      problems.add(where + ": " + ids.size() + " " + what + ", such as "
          + ids.subList(0, Math.min(MAX_LISTED, ids.size())));
    }
  }

  /** Pages through every match with a cursor. */
  private static void forEach(SolrClient source, String target, boolean distrib, String query,
      String fields, Consumer<SolrDocument> consumer) throws Exception {
    String cursor = CursorMarkParams.CURSOR_MARK_START;
    while (true) {
      SolrjQuery page = new SolrjQuery(query);
      page.setFields(fields);
      page.setRows(PAGE);
      page.setSort("id", SolrjQuery.ORDER.asc);
      page.set(CursorMarkParams.CURSOR_MARK_PARAM, cursor);
      page.set("distrib", distrib);
      QueryResponse response = source.query(target, page);
      response.getResults().forEach(consumer);
      String next = response.getNextCursorMark();
      if (next.equals(cursor)) {
        return;
      }
      cursor = next;
    }
  }
}
