package io.github.solrneural.bench;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's JSON (nested maps, keys that say what they are) and its printed table. */
final class Report {
  final Map<String, Object> json = new LinkedHashMap<>();
  private final List<String[]> rows = new ArrayList<>();

  /** One line of the table: what was measured, by whom, its median and rate, and a comparison. */
  void row(String measurement, String contender, double medianMillis, String rate, String comparison) {
    rows.add(
        new String[] {
          measurement, contender, Double.isNaN(medianMillis) ? "" : format("%.1f", medianMillis),
          rate, comparison
        });
  }

  void print() {
    String[] header = {"measurement", "contender", "median ms", "rate", "comparison"};
    int[] widths = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      widths[i] = header[i].length();
      for (String[] row : rows) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder table = new StringBuilder("\n");
    appendRow(table, header, widths);
    for (int i = 0; i < header.length; i++) {
      table.append('|').append("-".repeat(widths[i] + 2));
    }
    table.append("|\n");
    String previous = null;
    for (String[] row : rows) {
      String[] shown = row.clone();
      if (row[0].equals(previous)) {
        shown[0] = "";
      }
      previous = row[0];
      appendRow(table, shown, widths);
    }
    System.out.println(table);
  }

  private static void appendRow(StringBuilder table, String[] cells, int[] widths) {
    for (int i = 0; i < cells.length; i++) {
      table.append("| ").append(pad(cells[i], widths[i], i >= 2 && i <= 2)).append(' ');
    }
    table.append("|\n");
  }

  private static String pad(String cell, int width, boolean right) {
    String padding = " ".repeat(width - cell.length());
    return right ? padding + cell : cell + padding;
  }

  void write(Path out) throws IOException {
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(
        out, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues().create().toJson(json));
  }

  static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }

  /** A speed ratio as "1.52x". */
  static String times(double ratio) {
    return format("%.2fx", ratio);
  }
}
