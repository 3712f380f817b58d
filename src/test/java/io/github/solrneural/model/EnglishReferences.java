package io.github.solrneural.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference vectors of an English embedder, made by
 * src/test/python/make_english_embedder_references.py (eager PyTorch from the ONNX file's weights,
 * WordPiece and pooling written out there), with the pooling and prefixes they were made with.
 */
record EnglishReferences(
    String model, Pooling pooling, TextPrefixes prefixes, int maxLength, List<Row> rows) {

  /** One text as a user gives it (before its prefix), whether it is a query, and its vector. */
  record Row(boolean query, String text, int tokens, float[] vector) {}

  static EnglishReferences load(String model) throws IOException {
    String resource = "/english-embedders/" + model + ".json";
    try (InputStream in = EnglishReferences.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " is not on the test classpath");
      }
      JsonObject json =
          JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
              .getAsJsonObject();
      List<Row> rows = new ArrayList<>();
      for (JsonElement element : json.getAsJsonArray("texts")) {
        JsonObject row = element.getAsJsonObject();
        JsonArray values = row.getAsJsonArray("vector");
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) {
          vector[i] = values.get(i).getAsFloat();
        }
        rows.add(new Row("query".equals(row.get("role").getAsString()),
            row.get("text").getAsString(), row.get("tokens").getAsInt(), vector));
      }
      return new EnglishReferences(
          json.get("model").getAsString(),
          Pooling.valueOf(json.get("pooling").getAsString().toUpperCase(java.util.Locale.ROOT)),
          new TextPrefixes(
              json.get("queryPrefix").getAsString(), json.get("documentPrefix").getAsString()),
          json.get("maxLength").getAsInt(),
          rows);
    }
  }

  /**
   * The model declared as a user declares it (pooling, max length, normalised), in batches of 8
   * on one forward pass at a time.
   */
  ModelSpecBuilder spec(Path folder) {
    return ModelSpec.builder(folder, ModelEngine.ONNX_RUNTIME, ModelKind.EMBEDDING)
        .maxLength(maxLength())
        .pooling(pooling())
        .normalize(true)
        .batchSize(8)
        .maxConcurrentInferences(1);
  }

  List<String> texts(boolean queries) {
    return rows.stream().filter(row -> row.query() == queries).map(Row::text).toList();
  }

  List<Row> rows(boolean queries) {
    return rows.stream().filter(row -> row.query() == queries).toList();
  }
}
