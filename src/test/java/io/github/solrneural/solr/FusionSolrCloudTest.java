package io.github.solrneural.solr;

import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.NeuralCluster;
import io.github.solrneural.testing.RankedHits;
import io.github.solrneural.testing.RankedHits.Hit;
import io.github.solrneural.testing.SolrClients;
import io.github.solrneural.testing.SolrjQuery;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.cloud.Slice;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * {!fusion} of a lexical and a KNN sub-query on a real SolrCloud over HTTP, with documents chunked
 * and embedded by the plugin's chain and the demo models: a 1-shard collection, whose answer must be
 * the fusion of the sub-queries' own answers computed here, and a 2-shard one, whose answer must be
 * each shard's own answer (fused, and reranked, there) merged by score.
 */
public class FusionSolrCloudTest extends SolrCloudTestCase {
  static final String ONE = "fusion_one";
  static final String TWO = "fusion_two";
  static final String QUERY_TEXT = "jobs and lower prices for American families";
  static final String FILTER = "chunk_index:[0 TO 4]";
  static final String LEXICAL = "{!edismax qf=chunk_text v=$qt}";
  static final String VECTOR = "{!knn_text_to_vector model=minilm f=vector topK=20 v=$qt}";
  static final int UP_TO = 15;
  static final int RERANK_DOCS = 5;
  static final String RERANK =
      "{!cross_encoder model=reranker reRankDocs=" + RERANK_DOCS + " v=$qt}";
  /**
   * The rerank for the 2-shard comparison: add with sigmoid keeps each shard's window above its
   * other hits, so each shard's answer is in score order, which Solr's coordinator merge assumes.
   */
  static final String RERANK_BY_SCORE = "{!cross_encoder model=reranker reRankDocs=" + RERANK_DOCS
      + " reRankOperator=add reRankSigmoid=true v=$qt}";
  private static final int ROWS = 200;
  private static final int PARENTS = 16;
  private static final String[] RRF = {};
  private static final String[] LINEAR = {"combiner.algorithm", "linear",
      "combiner.weight.vector", "2"};

  @BeforeClass
  public static void startCluster() throws Exception {
    NeuralCluster.useDemoModels();
    configureCluster(2)
        .addConfig(NeuralCluster.CONFIGSET, DemoModels.projectDir().resolve("solr-config/conf"))
        .configure();
    NeuralCluster.createCollection(client(), cluster, ONE, 1, 1);
    NeuralCluster.createCollection(client(), cluster, TWO, 2, 1);
    UpdateRequest update = new UpdateRequest();
    update.add(parents());
    update.process(client(), ONE);
    update.process(client(), TWO);
    client().commit(ONE);
    client().commit(TWO);
  }

  @AfterClass
  public static void clearProperties() {
    System.clearProperty("neural.models.dir");
  }

  static SolrClient client() {
    return cluster.getSolrClient();
  }

  /** The demo speech in consecutive parts, each a parent document the chain chunks and embeds. */
  private static List<SolrInputDocument> parents() {
    String[] paragraphs = DemoModels.demoText().split("\n\\s*\n");
    List<SolrInputDocument> docs = new ArrayList<>();
    int per = (paragraphs.length + PARENTS - 1) / PARENTS;
    for (int p = 0; p * per < paragraphs.length; p++) {
      SolrInputDocument doc = new SolrInputDocument();
      doc.setField("id", "part" + p);
      doc.setField("text", String.join("\n\n", java.util.Arrays.asList(paragraphs)
          .subList(p * per, Math.min(paragraphs.length, (p + 1) * per))));
      docs.add(doc);
    }
    return docs;
  }

  /** The fusion request of the brief's syntax, with more params as name, value pairs. */
  static SolrjQuery fusion(String rerank, String... params) {
    SolrjQuery query = common();
    query.set("q", "{!fusion combiner.query=lexical,vector}");
    query.set("lexical", LEXICAL);
    query.set("vector", VECTOR);
    query.set("combiner.upTo", UP_TO);
    for (int i = 0; i < params.length; i += 2) {
      query.set(params[i], params[i + 1]);
    }
    if (rerank != null) {
      query.set("rq", rerank);
    }
    query.setRows(ROWS);
    return query;
  }

  /** One sub-query alone, as the main query, with the same filter: its own top upTo. */
  private static SolrjQuery alone(String subQuery) {
    SolrjQuery query = common();
    query.set("q", subQuery);
    query.setRows(UP_TO);
    return query;
  }

  private static SolrjQuery common() {
    SolrjQuery query = new SolrjQuery();
    query.set("qt", QUERY_TEXT);
    query.set("fq", FILTER);
    query.set("fl", "id,score,[docid]");
    return query;
  }

  static QueryResponse post(SolrClient solr, String collection, SolrjQuery query)
      throws Exception {
    return collection == null
        ? solr.query(query, SolrRequest.METHOD.POST)
        : solr.query(collection, query, SolrRequest.METHOD.POST);
  }

  private static List<Hit> hits(String collection, SolrjQuery query) throws Exception {
    return RankedHits.of(post(client(), collection, query));
  }

  private static List<List<Hit>> subQueryAnswers() throws Exception {
    return List.of(hits(ONE, alone(LEXICAL)), hits(ONE, alone(VECTOR)));
  }

  private static void assertSameHits(String what, List<Hit> expected, List<Hit> actual) {
    assertEquals(what, RankedHits.ids(expected), RankedHits.ids(actual));
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(what + " at " + i, expected.get(i).score(), actual.get(i).score(), 1e-6);
    }
  }

  @Test
  public void oneShardAnswerIsTheFusionOfTheSubQueriesOwnRankings() throws Exception {
    List<List<Hit>> lists = subQueryAnswers();
    assertEquals("each sub-query fills its top upTo", UP_TO, lists.get(0).size());
    assertEquals(UP_TO, lists.get(1).size());
    assertSameHits("rrf, k=60", RankedHits.rrf(lists, new double[] {1, 1}, 60),
        hits(ONE, fusion(null, RRF)));
    assertSameHits("rrf, k=10, lexical weight 2", RankedHits.rrf(lists, new double[] {2, 1}, 10),
        hits(ONE, fusion(null, "combiner.rrf.k", "10", "combiner.weight.lexical", "2")));
    assertSameHits("linear minmax, vector weight 2",
        RankedHits.linearMinMax(lists, new double[] {1, 2}), hits(ONE, fusion(null, LINEAR)));
  }

  @Test
  public void oneShardRerankScoresTheFusedTopNAndKeepsTheRestInFusedOrder() throws Exception {
    for (String[] method : List.of(RRF, LINEAR)) {
      List<Hit> fused = hits(ONE, fusion(null, method));
      List<Hit> reranked = hits(ONE, fusion(RERANK, method));
      assertEquals(fused.size(), reranked.size());
      assertEquals("the window is the fused top " + RERANK_DOCS,
          new HashSet<>(RankedHits.ids(fused.subList(0, RERANK_DOCS))),
          new HashSet<>(RankedHits.ids(reranked.subList(0, RERANK_DOCS))));
      assertSameHits("below the window", fused.subList(RERANK_DOCS, fused.size()),
          reranked.subList(RERANK_DOCS, reranked.size()));
      assertEquals("only the window's scores change", RERANK_DOCS, RankedHits.changedScores(fused, reranked));
    }
  }

  @Test
  public void twoShardAnswerIsEachShardsOwnAnswerMergedByScore() throws Exception {
    List<String> cores = shardCores(TWO);
    assertEquals(2, cores.size());
    for (String[] method : List.of(RRF, LINEAR)) {
      for (String rerank : java.util.Arrays.asList(null, RERANK_BY_SCORE)) {
        SolrjQuery query = fusion(rerank, method);
        List<List<Hit>> shards = new ArrayList<>();
        long perShardMatches = 0;
        for (String core : cores) {
          try (SolrClient shard = SolrClients.http(core)) {
            SolrjQuery alone = query.copy();
            alone.set("distrib", "false");
            QueryResponse answer = post(shard, null, alone);
            assertTrue("rerank window well below the shard's matches",
                answer.getResults().getNumFound() > 2 * RERANK_DOCS);
            perShardMatches += answer.getResults().getNumFound();
            shards.add(RankedHits.of(answer));
          }
        }
        QueryResponse distributed = post(client(), TWO, query);
        String what = String.join(",", method) + " rq=" + rerank;
        assertEquals(what, perShardMatches, distributed.getResults().getNumFound());
        assertEquals(what, RankedHits.scoreGroups(RankedHits.mergedByScore(shards)),
            RankedHits.scoreGroups(RankedHits.of(distributed)));
      }
    }
  }

  @Test
  public void twoShardsRerankTwiceTheWindowAndFuseUpToTwiceTheCandidates() throws Exception {
    for (String[] method : List.of(RRF, LINEAR)) {
      assertEquals("1 shard: one window", RERANK_DOCS,
          RankedHits.changedScores(hits(ONE, fusion(null, method)), hits(ONE, fusion(RERANK, method))));
      assertEquals("2 shards: a window per shard", 2 * RERANK_DOCS,
          RankedHits.changedScores(hits(TWO, fusion(null, method)), hits(TWO, fusion(RERANK, method))));
    }
    long one = post(client(), ONE, fusion(null)).getResults().getNumFound();
    long two = post(client(), TWO, fusion(null)).getResults().getNumFound();
    assertTrue("1 shard fuses at most 2 x upTo documents: " + one, one <= 2L * UP_TO);
    assertTrue("each of 2 shards fuses its own top upTo per sub-query: " + two + " > " + one,
        two > one && two <= 4L * UP_TO);
  }

  @Test
  public void explainGivesEachSubQuerysRankAndTheFusedScoreAlsoUnderRerank() throws Exception {
    List<List<Hit>> lists = subQueryAnswers();
    for (String rerank : java.util.Arrays.asList(null, RERANK)) {
      SolrjQuery query = fusion(rerank);
      query.set("debugQuery", "true");
      QueryResponse response = post(client(), ONE, query);
      Map<String, Object> explain = response.getExplainMap();
      List<Hit> fused = RankedHits.rrf(lists, new double[] {1, 1}, 60);
      for (Hit hit : RankedHits.of(response)) {
        String text = String.valueOf(explain.get(hit.id()));
        assertTrue(text, text.contains("rrf fusion (k=60, each sub-query's top " + UP_TO));
        assertEquals(text, RankedHits.rank(lists.get(0), hit.id()), explainedRank(text, "lexical"));
        assertEquals(text, RankedHits.rank(lists.get(1), hit.id()), explainedRank(text, "vector"));
        float score = fused.stream().filter(h -> h.id().equals(hit.id())).findFirst()
            .orElseThrow().score();
        assertTrue(score + " in " + text, text.contains(score + " = rrf fusion"));
      }
    }
  }

  @Test
  public void requestParamsAsIn911AndDefTypeGiveTheSameAnswer() throws Exception {
    SolrjQuery plain = fusion(null, "defType", "fusion", "q", QUERY_TEXT,
        "combiner.query", "lexical", "lexical", LEXICAL.replace("$qt", "$q"),
        "vector", VECTOR.replace("$qt", "$q"));
    plain.add("combiner.query", "vector");
    assertEquals(RankedHits.scoreGroups(hits(ONE, fusion(null))),
        RankedHits.scoreGroups(hits(ONE, plain)));
  }

  @Test
  public void collapseIsAPostFilterOfTheFusedHitsNotOfTheRanks() throws Exception {
    Map<String, Float> best = new java.util.HashMap<>();
    SolrjQuery all = fusion(null, "fl", "id,score,_root_");
    for (SolrDocument doc : post(client(), ONE, all).getResults()) {
      best.merge((String) doc.getFieldValue("_root_"), (Float) doc.getFieldValue("score"),
          Math::max);
    }
    SolrjQuery collapsed = all.copy();
    collapsed.add("fq", "{!collapse field=_root_}");
    Map<String, Float> kept = new java.util.HashMap<>();
    for (SolrDocument doc : post(client(), ONE, collapsed).getResults()) {
      kept.put((String) doc.getFieldValue("_root_"), (Float) doc.getFieldValue("score"));
    }
    assertEquals("each document's best chunk, with its uncollapsed fused score", best, kept);
  }

  @Test
  public void badInputIsA400NamingTheParameterAndTheNodeStillAnswers() throws Exception {
    FusionBadInput.check(client(), ONE);
    assertEquals(post(client(), ONE, fusion(null)).getResults().getNumFound(),
        hits(ONE, fusion(null)).size());
  }

  /** The rank the explanation gives the sub-query, 0 for "not in the top upTo". */
  private static int explainedRank(String explain, String name) {
    Matcher ranked = Pattern.compile(name + ": rank (\\d+) ").matcher(explain);
    if (ranked.find()) {
      return Integer.parseInt(ranked.group(1));
    }
    assertTrue(explain, explain.contains(name + ": not in the top " + UP_TO));
    return 0;
  }

  static List<String> shardCores(String collection) {
    List<String> cores = new ArrayList<>();
    for (Slice slice : cluster.getSolrClient().getClusterState().getCollection(collection).getSlices()) {
      cores.add(slice.getLeader().getCoreUrl().replaceAll("/+$", ""));
    }
    return cores;
  }
}
