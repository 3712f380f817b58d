package io.github.solrneural.shared;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.common.SolrInputDocument;

/**
 * The 200 (query, passage) reference pairs of shared/models/scifact-minilm-ce with the eager
 * PyTorch logits, and their indexing into Solr: one document per pair, id {@code
 * <query id>_<doc id>}, with the query id in {@code query_id_s} and the passage in {@code
 * passage_t}.
 */
final class ReferencePairs {
  /** One reference pair. */
  record Pair(String queryId, String id, String query, String passage, float logit) {}

  private ReferencePairs() {}

  static Path folder() {
    return SharedData.dir().resolve("models/scifact-minilm-ce");
  }

  static List<Pair> load() throws Exception {
    Path folder = folder();
    Map<String, Float> logits = new HashMap<>();
    List<String> lines = Files.readAllLines(folder.resolve("reference-scores.tsv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] columns = line.split("\t");
      logits.put(columns[0] + "_" + columns[1], Float.parseFloat(columns[2]));
    }
    List<Pair> pairs = new ArrayList<>();
    for (String line : Files.readAllLines(folder.resolve("reference-pairs.jsonl"))) {
      if (line.isBlank()) {
        continue;
      }
      JsonObject pair = JsonParser.parseString(line).getAsJsonObject();
      String queryId = pair.get("query_id").getAsString();
      String id = queryId + "_" + pair.get("doc_id").getAsString();
      pairs.add(new Pair(queryId, id, pair.get("query").getAsString(),
          pair.get("passage").getAsString(), logits.get(id)));
    }
    return pairs;
  }

  /** Query id to query text, in the file's order. */
  static Map<String, String> queries(List<Pair> pairs) {
    Map<String, String> queries = new LinkedHashMap<>();
    pairs.forEach(pair -> queries.put(pair.queryId(), pair.query()));
    return queries;
  }

  /** Indexes one document per pair through the whole-document chain, and commits. */
  static void index(SolrClient client, String collection, List<Pair> pairs) throws Exception {
    UpdateRequest update = new UpdateRequest();
    update.setParam("update.chain", "whole-document");
    for (Pair pair : pairs) {
      SolrInputDocument doc = new SolrInputDocument();
      doc.setField("id", pair.id());
      doc.setField("query_id_s", pair.queryId());
      doc.setField("text", pair.passage());
      doc.setField("passage_t", pair.passage());
      update.add(doc);
    }
    update.commit(client, collection);
  }
}
