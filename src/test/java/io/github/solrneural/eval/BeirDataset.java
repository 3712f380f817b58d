package io.github.solrneural.eval;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A dataset in BEIR's layout: corpus.jsonl, queries.jsonl and a qrels TSV with a header line. */
public final class BeirDataset {
  public record Document(String id, String title, String text) {}

  final Path dir;
  final Path qrelsFile;
  public final Map<String, String> queries = new LinkedHashMap<>();
  /** query id -> (document id -> relevance), in file order. */
  public final Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();

  public BeirDataset(Path dir, Path qrelsFile) throws IOException {
    this.dir = dir;
    this.qrelsFile = qrelsFile;
    for (String line : Files.readAllLines(dir.resolve("queries.jsonl"))) {
      if (!line.isBlank()) {
        JsonObject json = JsonParser.parseString(line).getAsJsonObject();
        queries.put(json.get("_id").getAsString(), json.get("text").getAsString());
      }
    }
    List<String> lines = Files.readAllLines(qrelsFile);
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] columns = line.split("\t");
      qrels
          .computeIfAbsent(columns[0], q -> new LinkedHashMap<>())
          .put(columns[1], Integer.parseInt(columns[2].trim()));
    }
    for (String queryId : qrels.keySet()) {
      if (!queries.containsKey(queryId)) {
        throw new IOException("query " + queryId + " of " + qrelsFile + " is not in queries.jsonl");
      }
    }
  }

  Path corpusFile() {
    return dir.resolve("corpus.jsonl");
  }

  long countDocuments() throws IOException {
    try (var lines = Files.lines(corpusFile())) {
      return lines.filter(line -> !line.isBlank()).count();
    }
  }

  /** Streams the corpus, so large datasets need not fit in memory. */
  public void forEachDocument(Consumer<Document> consumer) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(corpusFile())) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonObject json = JsonParser.parseString(line).getAsJsonObject();
        String title = json.has("title") ? json.get("title").getAsString() : "";
        consumer.accept(
            new Document(json.get("_id").getAsString(), title, json.get("text").getAsString()));
      }
    }
  }

  public Map<String, String> checksums() throws IOException {
    Map<String, String> sums = new LinkedHashMap<>();
    for (Path file : List.of(corpusFile(), dir.resolve("queries.jsonl"), qrelsFile)) {
      sums.put(dir.relativize(file).toString(), sha256(file));
    }
    return sums;
  }

  List<String> judgedQueryIds() {
    return new ArrayList<>(qrels.keySet());
  }

  private static String sha256(Path file) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
