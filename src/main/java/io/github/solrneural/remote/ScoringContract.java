package io.github.solrneural.remote;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.IOException;
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
  private static final int QUOTED_VALUE_CHARS = 40;

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

  /**
   * The scores of an answer, which must hold exactly one finite number per pair sent. Read as a
   * stream: an answer longer than expected is refused at its first extra value.
   *
   * @throws IOException when the answer is not well-formed JSON
   */
  public static float[] readScores(JsonReader answer, int expected) throws IOException {
    float[] values = new float[expected];
    readExactly(answer, SCORES, "{\"scores\": [float, ...]}", expected, "values", "pairs",
        (in, i) -> values[i] = finite(in, "\"scores\"[" + i + "]"));
    return values;
  }

  /** The vectors of an answer: one per text sent, each of the given dimension. */
  public static float[][] readEmbeddings(JsonReader answer, int expected, int dimension)
      throws IOException {
    float[][] vectors = new float[expected][];
    readExactly(answer, EMBEDDINGS, "{\"embeddings\": [[float, ...], ...]}", expected, "vectors",
        "inputs", (in, i) -> vectors[i] = vector(in, "\"embeddings\"[" + i + "]", dimension));
    return vectors;
  }

  private static float[] vector(JsonReader in, String where, int dimension) throws IOException {
    String shape = where + " must be an array of " + dimension + " numbers";
    if (in.peek() != JsonToken.BEGIN_ARRAY) {
      throw new ContractViolationException(shape);
    }
    float[] vector = new float[dimension];
    in.beginArray();
    int j = 0;
    for (; in.hasNext(); j++) {
      if (j >= dimension) {
        throw new ContractViolationException(shape);
      }
      vector[j] = finite(in, where + "[" + j + "]");
    }
    in.endArray();
    if (j != dimension) {
      throw new ContractViolationException(shape);
    }
    return vector;
  }

  /** Reads one value of an answer into its place. */
  private interface ValueReader {
    void read(JsonReader in, int index) throws IOException;
  }

  /**
   * Reads exactly {@code expected} elements under the key, refusing the first extra one as it comes
   * and a short answer at its end.
   */
  private static void readExactly(
      JsonReader in, String key, String shape, int expected, String items, String sent,
      ValueReader each) throws IOException {
    int[] count = {0};
    readArray(in, key, shape, (reader, i) -> {
      if (i >= expected) {
        throw new ContractViolationException(
            "\"" + key + "\" holds more than " + expected + " " + items + " for " + expected + " "
                + sent);
      }
      each.read(reader, i);
      count[0] = i + 1;
      return true;
    });
    if (count[0] != expected) {
      throw new ContractViolationException(
          "\"" + key + "\" holds " + count[0] + " " + items + " for " + expected + " " + sent);
    }
  }

  /**
   * The (query, passage) pairs of a request, read as a stream that stops after {@code limit + 1}
   * pairs: a longer list comes back with {@code limit + 1} pairs, for the caller to refuse.
   */
  public static List<String[]> readPairs(JsonReader request, int limit) throws IOException {
    List<String[]> read = new ArrayList<>();
    readArray(request, PAIRS, "{\"pairs\": [[query, passage], ...]}", (in, i) -> {
      String where = "\"pairs\"[" + i + "]";
      String shape = where + " must be a [query, passage] array of two strings";
      if (in.peek() != JsonToken.BEGIN_ARRAY) {
        throw new ContractViolationException(shape);
      }
      in.beginArray();
      String[] pair = new String[2];
      for (int j = 0; j < 2; j++) {
        if (!in.hasNext()) {
          throw new ContractViolationException(shape);
        }
        pair[j] = string(in, where + "[" + j + "]");
      }
      if (in.hasNext()) {
        throw new ContractViolationException(shape);
      }
      in.endArray();
      read.add(pair);
      return read.size() <= limit;
    });
    return read;
  }

  /** The texts of a request, read as {@link #readPairs} reads pairs. */
  public static List<String> readInputs(JsonReader request, int limit) throws IOException {
    List<String> read = new ArrayList<>();
    readArray(request, INPUTS, "{\"inputs\": [text, ...]}", (in, i) -> {
      read.add(string(in, "\"inputs\"[" + i + "]"));
      return read.size() <= limit;
    });
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

  /** Reads one element of an array; false stops reading. */
  private interface ElementReader {
    boolean read(JsonReader in, int index) throws IOException;
  }

  /**
   * Reads a document that is one object, handing each element of the array under the key to the
   * element reader and skipping the other keys unread.
   */
  private static void readArray(JsonReader in, String key, String shape, ElementReader each)
      throws IOException {
    if (in.peek() != JsonToken.BEGIN_OBJECT) {
      throw new ContractViolationException("expected a JSON object " + shape);
    }
    in.beginObject();
    boolean found = false;
    while (in.hasNext()) {
      if (!in.nextName().equals(key) || found) {
        in.skipValue();
        continue;
      }
      if (in.peek() != JsonToken.BEGIN_ARRAY) {
        throw new ContractViolationException("expected \"" + key + "\" as an array: " + shape);
      }
      found = true;
      in.beginArray();
      for (int i = 0; in.hasNext(); i++) {
        if (!each.read(in, i)) {
          return;
        }
      }
      in.endArray();
    }
    in.endObject();
    if (!found) {
      throw new ContractViolationException("expected \"" + key + "\" as an array: " + shape);
    }
    if (in.peek() != JsonToken.END_DOCUMENT) {
      throw new MalformedJsonException("more JSON after the object at " + in.getPath());
    }
  }

  private static float finite(JsonReader in, String where) throws IOException {
    if (in.peek() == JsonToken.NUMBER) {
      float parsed = (float) in.nextDouble();
      if (Float.isFinite(parsed)) {
        return parsed;
      }
      throw new ContractViolationException(where + " must be a finite number, got " + parsed);
    }
    throw new ContractViolationException(where + " must be a finite number, got " + describe(in));
  }

  private static String string(JsonReader in, String where) throws IOException {
    if (in.peek() == JsonToken.STRING) {
      return in.nextString();
    }
    throw new ContractViolationException(where + " must be a string, got " + describe(in));
  }

  /** Consumes a value that is not what was expected, and says what it was, cut short. */
  private static String describe(JsonReader in) throws IOException {
    switch (in.peek()) {
      case BEGIN_ARRAY:
        in.skipValue();
        return "an array";
      case BEGIN_OBJECT:
        in.skipValue();
        return "an object";
      case NULL:
        in.nextNull();
        return "null";
      case BOOLEAN:
        return Boolean.toString(in.nextBoolean());
      default:
        return "\"" + cut(in.nextString(), QUOTED_VALUE_CHARS) + "\"";
    }
  }

  /** The text, cut to at most {@code max} characters with an ellipsis when longer. */
  static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }
}
