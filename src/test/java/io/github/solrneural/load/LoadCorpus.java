package io.github.solrneural.load;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.solrneural.testing.DemoModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The documents and query texts of the load test: a BEIR folder (SciFact) when one is given and
 * present, else the demo document cut into documents of a few paragraphs, with its paragraphs as
 * questions. Documents repeat in rounds under new ids, so a run of any length sends only new ids.
 */
final class LoadCorpus {
  /** Paragraphs of the demo text joined until a document is at least this long (about 3 chunks). */
  private static final int DEMO_DOCUMENT_CHARS = 1200;
  private static final int DEMO_MIN_QUESTION_CHARS = 40;

  record Document(String id, String title, String text) {}

  private final String description;
  private final List<Document> documents;
  private final List<String> queries;

  private LoadCorpus(String description, List<Document> documents, List<String> queries) {
    if (documents.isEmpty() || queries.isEmpty()) {
      throw new IllegalStateException(description + " has no documents or no queries");
    }
    this.description = description;
    this.documents = documents;
    this.queries = queries;
  }

  /** The BEIR folder if it holds corpus.jsonl and queries.jsonl, else the demo text. */
  static LoadCorpus open(Path beirFolder) throws IOException {
    if (beirFolder != null
        && Files.isRegularFile(beirFolder.resolve("corpus.jsonl"))
        && Files.isRegularFile(beirFolder.resolve("queries.jsonl"))) {
      return beir(beirFolder);
    }
    return demo();
  }

  private static LoadCorpus beir(Path folder) throws IOException {
    List<Document> documents = new ArrayList<>();
    for (String line : Files.readAllLines(folder.resolve("corpus.jsonl"))) {
      if (line.isBlank()) {
        continue;
      }
      JsonObject json = JsonParser.parseString(line).getAsJsonObject();
      String text = json.get("text").getAsString();
      if (!text.isBlank()) { // the update chain rightly refuses documents without text
        String title = json.has("title") ? json.get("title").getAsString() : "";
        documents.add(new Document(json.get("_id").getAsString(), title, text));
      }
    }
    List<String> queries = new ArrayList<>();
    for (String line : Files.readAllLines(folder.resolve("queries.jsonl"))) {
      if (!line.isBlank()) {
        queries.add(JsonParser.parseString(line).getAsJsonObject().get("text").getAsString());
      }
    }
    return new LoadCorpus("BEIR folder " + folder, documents, queries);
  }

  private static LoadCorpus demo() {
    List<Document> documents = new ArrayList<>();
    List<String> queries = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (String paragraph : DemoModels.demoText().split("\n\\s*\n")) {
      String trimmed = paragraph.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.length() >= DEMO_MIN_QUESTION_CHARS) {
        queries.add(trimmed);
      }
      if (text.length() > 0) {
        text.append("\n\n");
      }
      text.append(trimmed);
      if (text.length() >= DEMO_DOCUMENT_CHARS) {
        documents.add(new Document("sotu-" + documents.size(), "State of the Union", text.toString()));
        text.setLength(0);
      }
    }
    if (text.length() > 0) {
      documents.add(new Document("sotu-" + documents.size(), "State of the Union", text.toString()));
    }
    return new LoadCorpus("the demo text (src/test/resources/demo)", documents, queries);
  }

  /** The n-th document to send (from 0): the corpus in order, then again as round 2, 3... */
  Document document(long n) {
    Document base = documents.get((int) (n % documents.size()));
    long round = n / documents.size();
    return round == 0
        ? base
        : new Document(base.id() + "~r" + (round + 1), base.title(), base.text());
  }

  List<String> queries() {
    return queries;
  }

  int size() {
    return documents.size();
  }

  String description() {
    return description;
  }
}
