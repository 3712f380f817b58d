package io.github.solrneural.solr;

import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.RagCorpus;
import io.github.solrneural.testing.SolrClients;
import io.github.solrneural.testing.SolrjQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrException;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * {@code {!cross_encoder chunksPerDocument=n}} over HTTP on one shard and on two: the answer is
 * each document's n best reranked chunks of the window, as a brute force over a plain rerank of
 * the same window finds them; and it differs from collapsing to each document's best first-stage
 * chunk before the rerank.
 */
public class DocumentAnswersSolrTest extends SolrCloudTestCase {
  private static final String ONE_SHARD = "answers_1";
  private static final String TWO_SHARDS = "answers_2";
  /**
   * Few enough that a window of {@link #WINDOW} holds chunks beyond the documents' wordy ones
   * (which the lexical first stage ranks first), and those of two shards reach past a window of
   * {@link #SHARD_WINDOW} each.
   */
  private static final int DOCUMENTS = 24;
  private static final int WINDOW = 40;
  private static final int SHARD_WINDOW = 20;

  /** One hit: its chunk, its source document, its score. */
  record Hit(String id, String root, float score) {}

  @BeforeClass
  public static void startCluster() throws Exception {
    NeuralCluster.useDemoModels();
    configureCluster(2)
        .addConfig(NeuralCluster.CONFIGSET, DemoModels.projectDir().resolve("solr-config/conf"))
        .configure();
    NeuralCluster.createCollection(client(), cluster, ONE_SHARD, 1, 1);
    NeuralCluster.createCollection(client(), cluster, TWO_SHARDS, 2, 1);
    RagCorpus.index(client(), ONE_SHARD, DOCUMENTS);
    RagCorpus.index(client(), TWO_SHARDS, DOCUMENTS);
  }

  @AfterClass
  public static void clearProperties() {
    System.clearProperty("neural.models.dir");
  }

  private static SolrClient client() {
    return cluster.getSolrClient();
  }

  private static SolrjQuery query(String rerankParams, int start, int rows) {
    return query(WINDOW, rerankParams, start, rows);
  }

  private static SolrjQuery query(int window, String rerankParams, int start, int rows) {
    SolrjQuery query = new SolrjQuery(RagCorpus.LEXICAL_QUERY);
    if (rerankParams != null) {
      query.set("rq", "{!cross_encoder model=reranker reRankDocs=" + window + " " + rerankParams
          + " v=$qt}");
    }
    query.set("qt", RagCorpus.QUESTION);
    query.set("fl", "id,_root_,score");
    query.setStart(start);
    query.setRows(rows);
    return query;
  }

  private static List<Hit> hits(QueryResponse response) {
    List<Hit> hits = new ArrayList<>();
    for (SolrDocument doc : response.getResults()) {
      hits.add(new Hit((String) doc.getFieldValue("id"), (String) doc.getFieldValue("_root_"),
          (Float) doc.getFieldValue("score")));
    }
    return hits;
  }

  /** Each shard's window reranked without the parameter, each document's n best kept, merged. */
  private static List<Hit> bruteForce(String collection, int shards, int window, int n)
      throws Exception {
    List<Hit> kept = new ArrayList<>();
    for (int shard = 1; shard <= shards; shard++) {
      SolrjQuery plain = query(window, "", 0, window);
      plain.set("shards", "shard" + shard);
      Map<String, Integer> perDocument = new HashMap<>();
      for (Hit hit : hits(client().query(collection, plain))) {
        if (perDocument.merge(hit.root(), 1, Integer::sum) <= n) {
          kept.add(hit);
        }
      }
    }
    kept.sort(Comparator.comparingDouble((Hit hit) -> hit.score()).reversed());
    return kept;
  }

  private static Map<String, Float> scoresById(List<Hit> hits) {
    Map<String, Float> scores = new LinkedHashMap<>();
    hits.forEach(hit -> scores.put(hit.id(), hit.score()));
    return scores;
  }

  private static void assertAnswers(String collection, int shards, int window, int n)
      throws Exception {
    String rerank = "chunksPerDocument=" + n;
    QueryResponse response = client().query(collection, query(window, rerank, 0, 1000));
    List<Hit> answers = hits(response);
    List<Hit> expected = bruteForce(collection, shards, window, n);
    Map<String, Integer> perDocument = new HashMap<>();
    for (int i = 0; i < answers.size(); i++) {
      Hit hit = answers.get(i);
      assertTrue(hit + " within " + n + " per document",
          perDocument.merge(hit.root(), 1, Integer::sum) <= n);
      assertTrue("ordered by reranked score", i == 0 || answers.get(i - 1).score() >= hit.score());
    }
    assertEquals(scoresById(expected), scoresById(answers));
    assertEquals("numFound counts the answers", expected.size(), response.getResults().getNumFound());
    assertTrue("fewer answers than window hits: " + answers.size(), answers.size() < shards * window);

    List<Hit> paged = new ArrayList<>();
    for (int start = 0; start < answers.size() + 5; start += 7) {
      paged.addAll(hits(client().query(collection, query(window, rerank, start, 7))));
    }
    assertEquals("pages of 7 make the same list", answers, paged);
  }

  @Test
  public void oneShardKeepsEachDocumentsBestRerankedChunks() throws Exception {
    assertAnswers(ONE_SHARD, 1, WINDOW, 1);
    assertAnswers(ONE_SHARD, 1, WINDOW, 2);
  }

  @Test
  public void twoShardsKeepEachDocumentsBestRerankedChunks() throws Exception {
    assertAnswers(TWO_SHARDS, 2, SHARD_WINDOW, 1);
    assertAnswers(TWO_SHARDS, 2, SHARD_WINDOW, 2);
  }

  /**
   * Collapsing first keeps each document's best first-stage chunk and reranks that one; the
   * parameter reranks all chunks of the window and keeps the best reranked one.
   */
  @Test
  public void collapseThenRerankAnswersWithTheBestFirstStageChunkInstead() throws Exception {
    Map<String, Hit> bestFirstStage = new HashMap<>();
    for (Hit hit : hits(client().query(ONE_SHARD, query(null, 0, 1000)))) {
      bestFirstStage.putIfAbsent(hit.root(), hit);
    }
    Map<String, Hit> bestReranked = new HashMap<>();
    for (Hit hit : hits(client().query(ONE_SHARD, query("chunksPerDocument=1", 0, 1000)))) {
      bestReranked.put(hit.root(), hit);
    }
    SolrjQuery collapsed = query("", 0, 1000);
    collapsed.addFilterQuery("{!collapse field=_root_}");
    int differing = 0;
    for (Hit hit : hits(client().query(ONE_SHARD, collapsed))) {
      assertEquals("collapse keeps the best first-stage chunk",
          bestFirstStage.get(hit.root()).id(), hit.id());
      Hit answer = bestReranked.get(hit.root());
      if (answer != null && !answer.id().equals(hit.id())) {
        differing++;
        assertNotEquals(hit.toString(), answer.score(), hit.score(), 0f);
      }
    }
    assertTrue("documents whose best reranked chunk is not their best first-stage one: "
        + differing, differing >= 3);
  }

  @Test
  public void badChunksPerDocumentIsA400NamingIt() {
    for (String bad : new String[] {"-1", "101", "two"}) {
      SolrException error = expectThrows(SolrClients.REMOTE_ERROR,
          () -> client().query(ONE_SHARD, query("chunksPerDocument=" + bad, 0, 10)));
      assertEquals(error.getMessage(), 400, error.code());
      assertTrue(error.getMessage(), error.getMessage().contains("'chunksPerDocument'"));
    }
  }

  @Test
  public void countsOfEveryChunkDoNotCombineWithChunksPerDocument() throws Exception {
    String[][] counting = {{"facet", "true"}, {"stats", "true"}, {"json.facet", "{}"}};
    for (String[] param : counting) {
      SolrjQuery asked = query("chunksPerDocument=1", 0, 10);
      asked.set(param[0], param[1]);
      SolrException error =
          expectThrows(SolrClients.REMOTE_ERROR, () -> client().query(TWO_SHARDS, asked));
      assertEquals(error.getMessage(), 400, error.code());
      assertTrue(error.getMessage(), error.getMessage().contains("'chunksPerDocument'"));
    }
    assertTrue(client().query(TWO_SHARDS, query("chunksPerDocument=1", 0, 10))
        .getResults().getNumFound() > 0);
  }
}
