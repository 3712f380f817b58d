package io.github.solrneural.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;

/** Reads the hits of a Solr response. */
public final class Hits {
  private Hits() {}

  public static List<String> ids(QueryResponse response) {
    List<String> ids = new ArrayList<>();
    for (SolrDocument hit : response.getResults()) {
      ids.add((String) hit.getFieldValue("id"));
    }
    return ids;
  }

  public static Map<String, Float> scores(QueryResponse response) {
    Map<String, Float> scores = new HashMap<>();
    for (SolrDocument hit : response.getResults()) {
      scores.put((String) hit.getFieldValue("id"), (Float) hit.getFieldValue("score"));
    }
    return scores;
  }
}
