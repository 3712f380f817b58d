package io.github.solrneural.remote;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON of a scoring endpoint, as SageMaker deployments of cross-encoders and embedders use it:
 * {@code {"pairs": [[query, passage], ...]}} answered by {@code {"scores": [float, ...]}} with one
 * score per pair, and {@code {"inputs": [text, ...]}} answered by {@code {"embeddings": [[float,
 * ...], ...]}} with one vector per text. Both the client and the scoring server read and write it
 * here, so they cannot drift apart.
 */
public final class ScoringContract {
  public static final String PAIRS = "pairs";
  public static final String SCORES = "scores";
  public static final String INPUTS = "inputs";
  public static final String EMBEDDINGS = "embeddings";

  private ScoringContract() {}

  public static String pairsRequest(String query, List<String> passages) {
    JsonArray pairs = new JsonArray(passages.size());
    for (String passage : passages) {
      JsonArray pair = new JsonArray(2);
      pair.add(query);
      pair.add(passage);
      pairs.add(pair);
    }
    JsonObject request = new JsonObject();
    request.add(PAIRS, pairs);
    return request.toString();
  }

  public static String inputsRequest(List<String> texts) {
    JsonArray inputs = new JsonArray(texts.size());
    texts.forEach(inputs::add);
    JsonObject request = new JsonObject();
    request.add(INPUTS, inputs);
    return request.toString();
  }

  /** The scores of an answer, which must hold exactly one finite number per pair sent. */
  public static float[] readScores(JsonElement answer, int expected) {
    JsonArray scores = array(answer, SCORES, "{\"scores\": [float, ...]}");
    if (scores.size() != expected) {
      throw new ContractViolationException(
          "\"scores\" holds " + scores.size() + " values for " + expected + " pairs");
    }
    float[] values = new float[expected];
    for (int i = 0; i < expected; i++) {
      values[i] = finite(scores.get(i), "\"scores\"[" + i + "]");
    }
    return values;
  }

  /** The vectors of an answer: one per text sent, each of the given dimension. */
  public static float[][] readEmbeddings(JsonElement answer, int expected, int dimension) {
    JsonArray embeddings = array(answer, EMBEDDINGS, "{\"embeddings\": [[float, ...], ...]}");
    if (embeddings.size() != expected) {
      throw new ContractViolationException(
          "\"embeddings\" holds " + embeddings.size() + " vectors for " + expected + " inputs");
    }
    float[][] vectors = new float[expected][];
    for (int i = 0; i < expected; i++) {
      JsonElement vector = embeddings.get(i);
      if (!vector.isJsonArray() || vector.getAsJsonArray().size() != dimension) {
        throw new ContractViolationException(
            "\"embeddings\"[" + i + "] must be an array of " + dimension + " numbers");
      }
      vectors[i] = new float[dimension];
      for (int j = 0; j < dimension; j++) {
        vectors[i][j] = finite(vector.getAsJsonArray().get(j), "\"embeddings\"[" + i + "][" + j + "]");
      }
    }
    return vectors;
  }

  /** The (query, passage) pairs of a request. */
  public static List<String[]> readPairs(JsonElement request) {
    String shape = "{\"pairs\": [[query, passage], ...]}";
    JsonArray pairs = array(request, PAIRS, shape);
    List<String[]> read = new ArrayList<>(pairs.size());
    for (int i = 0; i < pairs.size(); i++) {
      JsonElement pair = pairs.get(i);
      if (!pair.isJsonArray() || pair.getAsJsonArray().size() != 2) {
        throw new ContractViolationException(
            "\"pairs\"[" + i + "] must be a [query, passage] array of two strings");
      }
      read.add(
          new String[] {
            string(pair.getAsJsonArray().get(0), "\"pairs\"[" + i + "][0]"),
            string(pair.getAsJsonArray().get(1), "\"pairs\"[" + i + "][1]")
          });
    }
    return read;
  }

  /** The texts of a request. */
  public static List<String> readInputs(JsonElement request) {
    JsonArray inputs = array(request, INPUTS, "{\"inputs\": [text, ...]}");
    List<String> read = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      read.add(string(inputs.get(i), "\"inputs\"[" + i + "]"));
    }
    return read;
  }

  public static String scoresAnswer(float[] scores) {
    JsonArray values = new JsonArray(scores.length);
    for (float score : scores) {
      values.add(number(score));
    }
    JsonObject answer = new JsonObject();
    answer.add(SCORES, values);
    return answer.toString();
  }

  public static String embeddingsAnswer(List<float[]> vectors) {
    JsonArray embeddings = new JsonArray(vectors.size());
    for (float[] vector : vectors) {
      JsonArray values = new JsonArray(vector.length);
      for (float value : vector) {
        values.add(number(value));
      }
      embeddings.add(values);
    }
    JsonObject answer = new JsonObject();
    answer.add(EMBEDDINGS, embeddings);
    return answer.toString();
  }

  /** Float.toString gives the shortest text that reads back as the same float. */
  private static JsonPrimitive number(float value) {
    if (!Float.isFinite(value)) {
      throw new IllegalArgumentException("the model produced a non-finite value: " + value);
    }
    return new JsonPrimitive(value);
  }

  private static JsonArray array(JsonElement message, String key, String shape) {
    if (message == null || !message.isJsonObject()) {
      throw new ContractViolationException("expected a JSON object " + shape);
    }
    JsonElement value = message.getAsJsonObject().get(key);
    if (value == null || !value.isJsonArray()) {
      throw new ContractViolationException("expected \"" + key + "\" as an array: " + shape);
    }
    return value.getAsJsonArray();
  }

  private static float finite(JsonElement value, String where) {
    if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
      float parsed = value.getAsFloat();
      if (Float.isFinite(parsed)) {
        return parsed;
      }
    }
    throw new ContractViolationException(where + " must be a finite number, got " + value);
  }

  private static String string(JsonElement value, String where) {
    if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
      return value.getAsString();
    }
    throw new ContractViolationException(where + " must be a string, got " + value);
  }
}
