package io.github.solrneural.fuzz;

import io.github.solrneural.testing.DemoModels;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * One fuzz run against a collection: the seeded sequence of update and query requests, each answer
 * checked, the ledger kept, and the committed index audited at the end. Every request goes to one
 * of the nodes at random and is traced (time, status, start) to target/fuzz-trace-SEED.txt.
 */
final class FuzzRun {
  private final String[] collectionUrls;
  private final long seed;
  private final Findings findings;
  private final AnswerCheck answers;

  private final List<List<String>> shardCoreUrls;

  FuzzRun(String[] collectionUrls, List<List<String>> shardCoreUrls, long seed, Findings findings,
      AnswerCheck answers) {
    this.collectionUrls = collectionUrls;
    this.shardCoreUrls = shardCoreUrls;
    this.seed = seed;
    this.findings = findings;
    this.answers = answers;
  }

  /** Sends the requests, audits the index; returns the count of answers by status. */
  Map<Integer, Integer> run(int requests, int dimension) throws Exception {
    FuzzValues values = new FuzzValues(new Random(seed));
    Ledger ledger = new Ledger(findings);
    UpdateFuzzer updates = new UpdateFuzzer(values, dimension);
    QueryFuzzer queries = new QueryFuzzer(values);
    Map<Integer, Integer> statuses = new TreeMap<>();
    StringBuilder trace = new StringBuilder();
    for (int i = 1; i <= requests; i++) {
      String base = collectionUrls[values.below(collectionUrls.length)];
      long sent = System.nanoTime();
      String path;
      String shown;
      FuzzHttp.Answer answer;
      if (values.chance(0.4)) {
        UpdateFuzzer.UpdateCase update = updates.next();
        path = "/update";
        shown = "#" + i + " POST /update?" + update.query() + " " + Findings.cut(update.body());
        findings.sending("POST " + base + "/update?" + update.query() + "\n" + update.body());
        answer = answer(shown,
            () -> FuzzHttp.postJson(base, "/update", update.query(), update.body()));
        ledger.record(update, answer, shown);
      } else {
        QueryFuzzer.QueryCase query = queries.next();
        path = query.path();
        shown = "#" + i + (query.body() == null ? " GET " : " POST ") + query.path() + "?"
            + query.query() + " " + Findings.cut(query.body());
        findings.sending((query.body() == null ? "GET " : "POST ") + base + query.path() + "?"
            + query.query() + "\n" + (query.body() == null ? "" : query.body()));
        answer = answer(shown, () -> query.body() == null
            ? FuzzHttp.get(base, query.path(), query.query())
            : query.json()
                ? FuzzHttp.postJson(base, query.path(), query.query(), query.body())
                : FuzzHttp.postForm(base, query.path(), query.body()));
      }
      long millis = (System.nanoTime() - sent) / 1_000_000;
      answers.check(path, shown, answer, millis);
      statuses.merge(answer.status(), 1, Integer::sum);
      trace.append(millis).append(" ms ").append(answer.status()).append(' ')
          .append(shown, 0, Math.min(300, shown.length())).append('\n');
    }
    Files.createDirectories(DemoModels.buildDir());
    Files.writeString(DemoModels.buildDir().resolve("fuzz-trace-" + seed + ".txt"), trace);
    findings.sending(null);
    FuzzHttp.Answer commit = FuzzHttp.get(collectionUrls[0], "/update", "commit=true&wt=json");
    if (commit.status() != 200) {
      throw new AssertionError("the final commit failed: " + Findings.cut(commit.body()));
    }
    new IndexAudit(shardCoreUrls, findings).check(ledger.states());
    return statuses;
  }

  private interface Call {
    FuzzHttp.Answer send() throws Exception;
  }

  /**
   * The answer; a request that gets none (connection closed, timeout) is a finding, status 0. One
   * exception: Solr 10's Jetty 12 may close a kept-alive connection after an error answer, and the
   * client's next request on it reads no bytes at all; that request is sent once more on a new
   * connection (a request Solr did apply twice would show in the ledger's audit).
   */
  private FuzzHttp.Answer answer(String shown, Call call) throws Exception {
    try {
      return call.send();
    } catch (java.io.IOException e) {
      if (String.valueOf(e.getMessage()).contains("received no bytes")) {
        try {
          return call.send();
        } catch (java.io.IOException again) {
          e = again;
        }
      }
      findings.add("no answer: " + e, shown, "");
      return new FuzzHttp.Answer(0, "", null);
    }
  }
}
