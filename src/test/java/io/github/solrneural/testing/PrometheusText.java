package io.github.solrneural.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the samples of a Prometheus text exposition (Solr 10's {@code /admin/metrics}). */
public final class PrometheusText {
  /** One line: a series name, its labels, its value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private PrometheusText() {}

  public static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      Map<String, String> labels = new LinkedHashMap<>();
      String name;
      int end;
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        end = labels(line, brace + 1, labels);
      } else {
        name = line.substring(0, space);
        end = space;
      }
      String[] rest = line.substring(end).trim().split(" ");
      samples.add(new Sample(name, labels, Double.parseDouble(rest[0])));
    }
    return samples;
  }

  /** Reads {@code key="value",...}} from {@code at}; returns the index after the closing brace. */
  private static int labels(String line, int at, Map<String, String> labels) {
    int i = at;
    while (line.charAt(i) != '}') {
      int equals = line.indexOf('=', i);
      String key = line.substring(i, equals).trim();
      StringBuilder value = new StringBuilder();
      int j = equals + 2; // past ="
      while (line.charAt(j) != '"') {
        char c = line.charAt(j);
        if (c == '\\') {
          char next = line.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
        j++;
      }
      labels.put(key, value.toString());
      i = j + 1;
      if (line.charAt(i) == ',') {
        i++;
      }
    }
    return i + 1;
  }
}
