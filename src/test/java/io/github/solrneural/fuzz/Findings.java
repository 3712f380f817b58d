package io.github.solrneural.fuzz;

import io.github.solrneural.testing.DemoModels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The failures a fuzz run found, grouped into classes (what went wrong, with the numbers taken out
 * of the message), each with its count and the first request that showed it.
 */
final class Findings {
  private final long seed;
  private final Map<String, List<String>> classes = new LinkedHashMap<>();
  private String current;

  Findings(long seed) {
    this.seed = seed;
  }

  /** Records one failure: what, the request (as shown), and what Solr answered. */
  void add(String what, String request, String answer) {
    add(what, request, answer, current);
  }

  /** The request being sent now, whole, for the findings its answer may bring. */
  void sending(String wholeRequest) {
    current = wholeRequest;
  }

  /**
   * As above, and the first request of each class is written out whole (path, query and body) to
   * target/fuzz-findings, since the message shows it cut.
   */
  void add(String what, String request, String answer, String wholeRequest) {
    String key = what.replaceAll("'[^']*'", "'…'").replaceAll("[0-9]+", "N");
    key = key.length() > 160 ? key.substring(0, 160) : key;
    List<String> examples = classes.computeIfAbsent(key, k -> new ArrayList<>());
    if (examples.isEmpty() && wholeRequest != null) {
      try {
        java.nio.file.Path dir = DemoModels.buildDir().resolve("fuzz-findings");
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.writeString(dir.resolve(seed + "-" + classes.size() + ".txt"),
            what + "\n" + wholeRequest + "\n" + answer);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    examples.add(what + "\n    request: " + request + "\n    answer: " + cut(answer));
  }

  boolean isEmpty() {
    return classes.isEmpty();
  }

  int count() {
    return classes.values().stream().mapToInt(List::size).sum();
  }

  /** Every class with its count and first example; the seed first, to run it again. */
  String report() {
    StringBuilder text = new StringBuilder("fuzz run with -Dfuzz.seed=" + seed + " found "
        + count() + " failure(s) in " + classes.size() + " class(es):\n");
    int number = 0;
    for (Map.Entry<String, List<String>> found : classes.entrySet()) {
      text.append(++number).append(". [").append(found.getValue().size()).append("x] ")
          .append(found.getValue().get(0)).append('\n');
    }
    return text.append("(reproduce with -Dfuzz.seed=").append(seed).append(")").toString();
  }

  static String cut(String text) {
    if (text == null) {
      return "null";
    }
    String oneLine = text.replace('\n', ' ');
    return oneLine.length() <= 600 ? oneLine : oneLine.substring(0, 600) + "...";
  }
}
