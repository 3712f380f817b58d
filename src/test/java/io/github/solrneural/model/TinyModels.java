package io.github.solrneural.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tiny models of src/test/resources/tiny-models and their reference outputs. */
final class TinyModels {
  static final Path DIR = Path.of("src/test/resources/tiny-models").toAbsolutePath();
  static final int MAX_LENGTH = 24;

  private TinyModels() {}

  static ModelSpec spec(String folder, ModelEngine engine, ModelKind kind, Pooling pooling,
      boolean normalize, int batchSize) {
    return ModelSpec.builder(DIR.resolve(folder), engine, kind)
        .maxLength(MAX_LENGTH)
        .pooling(pooling)
        .normalize(normalize)
        .batchSize(batchSize)
        .maxConcurrentInferences(2)
        .build();
  }

  static ModelSpec embedder(ModelEngine engine, Pooling pooling, boolean normalize) {
    return spec("tiny-embedder", engine, ModelKind.EMBEDDING, pooling, normalize, 4);
  }

  static ModelSpec crossEncoder(String folder, ModelEngine engine, int batchSize) {
    return spec(folder, engine, ModelKind.CROSS_ENCODER, Pooling.MEAN, false, batchSize);
  }

  static JsonObject reference() throws IOException {
    try (Reader reader = Files.newBufferedReader(DIR.resolve("reference.json"))) {
      return JsonParser.parseReader(reader).getAsJsonObject();
    }
  }

  static long[] longs(JsonArray array) {
    long[] values = new long[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).getAsLong();
    }
    return values;
  }

  static float[] floats(JsonElement array) {
    JsonArray values = array.getAsJsonArray();
    float[] result = new float[values.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = values.get(i).getAsFloat();
    }
    return result;
  }
}
