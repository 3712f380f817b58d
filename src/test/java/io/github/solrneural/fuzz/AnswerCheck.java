package io.github.solrneural.fuzz;

import java.util.List;
import java.util.regex.Pattern;

/** Each answer must be a 200, or a 4xx that says what is wrong; a 5xx only where listed. */
final class AnswerCheck {
  /** A request slower than this could hold a node: a finding of its own. */
  static final long SLOW_MILLIS = 30_000;

  /** A 5xx from Solr's own code for input the plugin never sees: path, message, and why. */
  record Allowed(Pattern path, Pattern message, String reason) {}

  private final List<Allowed> allowed;
  private final Findings findings;

  AnswerCheck(List<Allowed> allowed, Findings findings) {
    this.allowed = allowed;
    this.findings = findings;
  }

  void check(String path, String shown, FuzzHttp.Answer answer, long millis) {
    int status = answer.status();
    String message = answer.errorMessage();
    if (message == null && answer.body().contains("<title>")) { // Jetty's page: an uncaught Error
      int start = answer.body().indexOf("<title>") + 7;
      message = answer.body().substring(start, Math.max(start, answer.body().indexOf("</title>")));
    }
    if (millis > SLOW_MILLIS) {
      findings.add("a request took " + millis / 1000 + " s (status " + status + ")", shown,
          answer.body());
    }
    if (status == 0) {
      return; // no answer: already a finding
    }
    if (status == 200) {
      if (answer.json() == null || !answer.json().has("responseHeader")) {
        findings.add("a 200 without a JSON response header", shown, answer.body());
      }
    } else if (status >= 400 && status < 500) {
      // Jetty's own 4xx pages (unknown path, bad URI) are HTML, with the reason in them.
      if ((message == null || message.isBlank())
          && (answer.json() != null || answer.body().isBlank())) {
        findings.add("a " + status + " without a message", shown, answer.body());
      }
    } else if (status >= 500 && status < 600) {
      if (!allowed(path, message)) {
        findings.add("a " + status + ": " + Findings.cut(message), shown, answer.body());
      }
    } else {
      findings.add("an unexpected status " + status, shown, answer.body());
    }
  }

  private boolean allowed(String path, String message) {
    return allowed.stream().anyMatch(entry -> entry.path().matcher(path).matches()
        && message != null && entry.message().matcher(message).find());
  }
}
