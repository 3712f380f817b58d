package io.github.solrneural.remote;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.solrneural.model.CrossEncoder;
import io.github.solrneural.model.Embedder;
import io.github.solrneural.model.Embedding;
import io.github.solrneural.model.ModelKind;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The scoring server on loopback with the tiny test models: it answers the contract with the
 * independently computed reference outputs, the remote client gets what the in-process model gives,
 * and bad requests get a 4xx that says what is wrong.
 */
public class ScoringServerTest {
  private static final Path TINY = Path.of("src/test/resources/tiny-models").toAbsolutePath();
  private static final float TOLERANCE = 1e-5f;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static JsonObject reference;

  @BeforeClass
  public static void readReference() throws Exception {
    try (Reader reader = Files.newBufferedReader(TINY.resolve("reference.json"))) {
      reference = JsonParser.parseReader(reader).getAsJsonObject();
    }
  }

  private static ScoringServer start(String folder, String kind, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of(
        "--model", TINY.resolve(folder).toString(), "--engine", "OnnxRuntime", "--kind", kind,
        "--port", "0", "--maxLength", reference.get("maxLength").getAsString(),
        "--batchSize", "4", "--maxItemsPerCall", "50"));
    args.addAll(List.of(more));
    return ScoringServer.start(ServerOptions.parse(args.toArray(new String[0])));
  }

  @Test
  public void aCrossEncoderServerAnswersTheReferenceLogitsAndTheClientGetsTheInProcessScores()
      throws Exception {
    try (ScoringServer server = start("tiny-cross-encoder", "cross-encoder")) {
      // Raw contract: pairs with different queries in one call.
      JsonArray pairs = new JsonArray();
      List<Float> expected = new ArrayList<>();
      for (JsonElement element : reference.getAsJsonArray("pairs")) {
        JsonObject pair = element.getAsJsonObject();
        JsonArray sent = new JsonArray();
        sent.add(pair.get("query"));
        sent.add(pair.get("passage"));
        pairs.add(sent);
        expected.add(pair.get("logit").getAsFloat());
      }
      JsonObject request = new JsonObject();
      request.add("pairs", pairs);
      HttpResponse<String> response = post(server, request.toString());
      assertEquals(response.body(), 200, response.statusCode());
      float[] scores = ScoringContract.readScores(JsonParser.parseString(response.body()), expected.size());
      for (int i = 0; i < scores.length; i++) {
        assertEquals("pair " + i, expected.get(i), scores[i], TOLERANCE);
      }

      // Through the plugin's client, one query against many passages, as a rerank sends it.
      String query = "what is the plan for the economy";
      List<String> passages = new ArrayList<>();
      for (JsonElement element : reference.getAsJsonArray("pairs")) {
        passages.add(element.getAsJsonObject().get("passage").getAsString());
      }
      RemoteModel client = RemoteModel.connect(new RemoteModelSpec(
          URI.create(server.invocationsUrl()), ModelKind.CROSS_ENCODER, 1000, 10_000, 0, 10, 64,
          1, null, null));
      float[] remote = client.pairScorer().score(query, passages);
      float[] local = new CrossEncoder(server.model()).score(query, passages);
      assertArrayEquals("same batches, same scores", local, remote, 0f);
    }
  }

  @Test
  public void anEmbeddingServerAnswersTheReferenceVectors() throws Exception {
    try (ScoringServer server =
        start("tiny-embedder", "embedding", "--pooling", "mean", "--normalize", "true")) {
      List<String> texts = new ArrayList<>();
      List<float[]> expected = new ArrayList<>();
      for (JsonElement element : reference.getAsJsonArray("embeddings")) {
        texts.add(element.getAsJsonObject().get("text").getAsString());
        JsonArray values = element.getAsJsonObject().getAsJsonArray("mean");
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) {
          vector[i] = values.get(i).getAsFloat();
        }
        expected.add(vector);
      }
      RemoteModel client = RemoteModel.connect(new RemoteModelSpec(
          URI.create(server.invocationsUrl()), ModelKind.EMBEDDING, 1000, 10_000, 0, 10, 3,
          32, null, null));
      List<Embedding> remote = client.embedder().embedAll(texts);
      List<Embedding> local = new Embedder(server.model()).embedAll(texts);
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(texts.get(i), expected.get(i), remote.get(i).vector(), TOLERANCE);
        assertArrayEquals(texts.get(i), local.get(i).vector(), remote.get(i).vector(), 0f);
      }
    }
  }

  @Test
  public void pingAndBadRequestsAnswerWithStatusesThatSayWhatIsWrong() throws Exception {
    try (ScoringServer server = start("tiny-cross-encoder", "cross-encoder")) {
      HttpResponse<String> ping = HTTP.send(
          HttpRequest.newBuilder(URI.create(server.invocationsUrl().replace("/invocations", "/ping")))
              .GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ping.statusCode());
      assertTrue(ping.body(), ping.body().contains("\"kind\":\"cross-encoder\""));

      HttpResponse<String> malformed = post(server, "{\"pairs\": [[\"q\", \"p\"]");
      assertEquals(400, malformed.statusCode());
      assertTrue(malformed.body(), malformed.body().contains("malformed JSON"));

      HttpResponse<String> wrongContract = post(server, "{\"inputs\": [\"a text\"]}");
      assertEquals(400, wrongContract.statusCode());
      assertTrue(wrongContract.body(),
          wrongContract.body().contains("serves a cross-encoder model")
              && wrongContract.body().contains("pairs"));

      HttpResponse<String> notAPair = post(server, "{\"pairs\": [[\"only the query\"]]}");
      assertEquals(400, notAPair.statusCode());
      assertTrue(notAPair.body(), notAPair.body().contains("\\\"pairs\\\"[0]"));

      StringBuilder many = new StringBuilder("{\"pairs\": [");
      for (int i = 0; i < 51; i++) {
        many.append(i == 0 ? "" : ",").append("[\"q\", \"p\"]");
      }
      HttpResponse<String> tooMany = post(server, many.append("]}").toString());
      assertEquals(413, tooMany.statusCode());
      assertTrue(tooMany.body(), tooMany.body().contains("maxItemsPerCall=50"));

      HttpResponse<String> get = HTTP.send(
          HttpRequest.newBuilder(URI.create(server.invocationsUrl())).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(405, get.statusCode());
    }
  }

  @Test
  public void theCommandLineNamesTheOptionAtFault() {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> ServerOptions.parse("--engine", "OnnxRuntime", "--kind", "cross-encoder"));
    assertTrue(missing.getMessage(), missing.getMessage().startsWith("--model is required"));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> ServerOptions.parse("--modle", "x"));
    assertTrue(unknown.getMessage(), unknown.getMessage().contains("unknown option '--modle'"));
    IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
        () -> ServerOptions.parse("--model", TINY.toString(), "--engine", "OnnxRuntime",
            "--kind", "cross-encoder", "--port", "http"));
    assertTrue(port.getMessage(), port.getMessage().contains("--port must be an integer"));
  }

  private static HttpResponse<String> post(ScoringServer server, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.invocationsUrl()))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
