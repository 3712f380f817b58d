package io.github.solrneural.solr;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.testing.SolrClients;
import io.github.solrneural.testing.SolrjQuery;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.common.SolrException;
import org.junit.Assert;

/** Each bad {!fusion} input, sent over HTTP: a 400 whose message names the parameter. */
final class FusionBadInput {
  private FusionBadInput() {}

  static void check(SolrClient client, String collection) throws Exception {
    refused(client, collection, query("{!fusion}"), "combiner.query", "is required");
    refused(client, collection, query("{!fusion combiner.query=lexical}"), "combiner.query",
        "fusion needs 2 to 5");
    refused(client, collection, query("{!fusion combiner.query=lexical,nothing}"),
        "combiner.query", "'nothing'");
    refused(client, collection, query("{!fusion combiner.query=lexical,empty}", "empty", " "),
        "combiner.query", "'empty'");
    refused(client, collection, query("{!fusion combiner.query=a,b,c,d,e,f}"), "combiner.query",
        "more than 5");
    refused(client, collection, query("{!fusion combiner.query=lexical,nested}",
        "nested", "{!fusion combiner.query=lexical,vector}"), "combiner.query", "do not nest");
    refused(client, collection, fusion("combiner.algorithm", "borda"), "combiner.algorithm",
        "rrf, linear");
    refused(client, collection, fusion("combiner.rrf.k", "0"), "combiner.rrf.k", "at least 1");
    refused(client, collection, fusion("combiner.rrf.k", "sixty"), "combiner.rrf.k", "integer");
    for (String weight : new String[] {"NaN", "Infinity", "-1", "heavy"}) {
      refused(client, collection, fusion("combiner.weight.vector", weight),
          "combiner.weight.vector", weight);
    }
    refused(client, collection, fusion("combiner.weight.other", "2"), "combiner.weight.other",
        "unknown");
    refused(client, collection, fusion("combiner.linear.normalization", "zscore"),
        "combiner.linear.normalization", "minmax, l2");
    refused(client, collection, fusion("combiner.upTo", "1001"), "combiner.upTo", "maxUpTo");
    refused(client, collection, fusion("combiner.upTo", "0"), "combiner.upTo", "at least 1");
    refused(client, collection, query("{!fusion combiner.query=lexical,vector}",
        "lexical", "{!edismax qf=chunk_text v=$qt}", "vector", "chunk_text:(unclosed"),
        "combiner.query", "'vector'");
  }

  private static SolrjQuery fusion(String name, String value) {
    SolrjQuery query = FusionSolrCloudTest.fusion(null);
    query.set(name, value);
    return query;
  }

  private static SolrjQuery query(String q, String... params) {
    SolrjQuery query = FusionSolrCloudTest.fusion(null);
    query.set("q", q);
    for (int i = 0; i < params.length; i += 2) {
      query.set(params[i], params[i + 1]);
    }
    return query;
  }

  private static void refused(SolrClient client, String collection, SolrjQuery query,
      String parameter, String detail) {
    SolrException error = Assert.assertThrows(SolrClients.REMOTE_ERROR,
        () -> FusionSolrCloudTest.post(client, collection, query));
    assertEquals(error.getMessage(), 400, error.code());
    assertTrue(parameter + " in: " + error.getMessage(), error.getMessage().contains(parameter));
    assertTrue(detail + " in: " + error.getMessage(), error.getMessage().contains(detail));
  }
}
