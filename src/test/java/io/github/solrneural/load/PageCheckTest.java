package io.github.solrneural.load;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.common.util.SimpleOrderedMap;
import org.junit.Test;

/** What the load test's query clients take for a right page, on responses as Solr shapes them. */
public class PageCheckTest {

  @Test
  public void fullPageEveryShardAnsweredIsRight() {
    assertNull(QueryClient.pageProblem(response(3, false, shard(null), shard(null)), 2, 3));
  }

  @Test
  public void aShardThatFailedMakesTheWholePageWrong() {
    assertEquals("1 of 2 shards answered",
        QueryClient.pageProblem(response(3, false, shard(null), shard("Connection refused")), 2, 3));
  }

  @Test
  public void aMissingShardEntryMakesThePageWrong() {
    assertEquals("1 of 2 shards answered",
        QueryClient.pageProblem(response(3, false, shard(null)), 2, 3));
  }

  @Test
  public void partialResultsAndShortPagesAreNamed() {
    assertEquals("partialResults",
        QueryClient.pageProblem(response(3, true, shard(null), shard(null)), 2, 3));
    assertEquals("2 hits instead of 3",
        QueryClient.pageProblem(response(2, false, shard(null), shard(null)), 2, 3));
  }

  @Test
  public void noShardsInfoIsNamed() {
    assertEquals("no shards.info", QueryClient.pageProblem(response(3, false), 2, 3));
  }

  private static NamedList<Object> shard(String error) {
    NamedList<Object> info = new SimpleOrderedMap<>();
    if (error == null) {
      info.add("numFound", 10L);
    } else {
      info.add("error", error);
    }
    return info;
  }

  @SafeVarargs
  private static QueryResponse response(int hits, boolean partial, NamedList<Object>... shards) {
    NamedList<Object> header = new SimpleOrderedMap<>();
    header.add("status", 0);
    if (partial) {
      header.add("partialResults", true);
    }
    SolrDocumentList docs = new SolrDocumentList();
    for (int i = 0; i < hits; i++) {
      SolrDocument doc = new SolrDocument();
      doc.setField("id", "d" + i);
      docs.add(doc);
    }
    NamedList<Object> body = new NamedList<>();
    body.add("responseHeader", header);
    body.add("response", docs);
    if (shards.length > 0) {
      NamedList<Object> info = new SimpleOrderedMap<>();
      for (int i = 0; i < shards.length; i++) {
        info.add("http://127.0.0.1:8983/solr/c_shard" + (i + 1) + "_replica_n1/", shards[i]);
      }
      body.add("shards.info", info);
    }
    QueryResponse response = new QueryResponse();
    response.setResponse(body);
    return response;
  }
}
