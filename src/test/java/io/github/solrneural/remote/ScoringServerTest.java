package io.github.solrneural.remote;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import io.github.solrneural.model.CrossEncoder;
import io.github.solrneural.model.Embedder;
import io.github.solrneural.model.Embedding;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.testing.DemoModels;
import io.github.solrneural.testing.ScoringServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        "--batchSize", "4"));
    // Each option once: a test's own maxItemsPerCall replaces the default here.
    if (!List.of(more).contains("--maxItemsPerCall")) {
      args.addAll(List.of("--maxItemsPerCall", "50"));
    }
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
      float[] scores = ScoringContract.readScores(
          new JsonReader(new StringReader(response.body())), expected.size());
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
          1, null, null, RemoteModelSpec.DEFAULT_MAX_RESPONSE_BYTES));
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
          32, null, null, RemoteModelSpec.DEFAULT_MAX_RESPONSE_BYTES));
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

  private static String refusedCommandLine(String... more) {
    List<String> args = new ArrayList<>(List.of("--model", TINY.resolve("tiny-embedder").toString(),
        "--engine", "OnnxRuntime", "--kind", "embedding"));
    args.addAll(List.of(more));
    return assertThrows(IllegalArgumentException.class,
        () -> ServerOptions.parse(args.toArray(new String[0]))).getMessage();
  }

  @Test
  public void theCommandLineNamesTheOptionAtFault() {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> ServerOptions.parse("--engine", "OnnxRuntime", "--kind", "cross-encoder"));
    assertTrue(missing.getMessage(), missing.getMessage().startsWith("option --model is required"));
    String unknown = refusedCommandLine("--modle", "x");
    assertTrue(unknown, unknown.startsWith("unknown option --modle; known: [batchSize, engine,"));
    assertTrue(unknown, unknown.contains(ServerOptions.USAGE));
    String port = refusedCommandLine("--port", "http");
    assertTrue(port, port.startsWith("option --port must be an integer, got 'http'"));
    String range = refusedCommandLine("--port", "70000");
    assertTrue(range, range.startsWith("option --port must be at most 65535, got 70000"));
    String normalize = refusedCommandLine("--normalize", "yes");
    assertTrue(normalize, normalize.startsWith("option --normalize must be true or false, got 'yes'"));
    String length = refusedCommandLine("--maxLength", "1");
    assertTrue(length, length.startsWith("option --maxLength must be at least 2, got 1"));
    String twice = refusedCommandLine("--maxLength", "64", "--maxLength", "128");
    assertTrue(twice, twice.startsWith("option --maxLength is given 2 times; give it once"));
  }

  /** The server reads every model setting solrconfig.xml has, by the same names. */
  @Test
  public void theCommandLineTakesEveryModelSettingOfSolrconfig() {
    ServerOptions options = ServerOptions.parse("--model", TINY.resolve("tiny-embedder").toString(),
        "--engine", "onnxruntime", "--kind", "embedding", "--variant", "int8", "--maxLength", "64",
        "--batchSize", "8", "--maxBatchTokens", "512", "--pooling", "CLS", "--normalize", "FALSE",
        "--maxConcurrentInferences", "3", "--maxQueuedInferences", "5",
        "--maxQueueWaitMillis", "250", "--intraOpThreads", "2", "--maxTokenizedChars", "9000");
    io.github.solrneural.model.ModelSpec spec = options.model();
    assertEquals("model-int8.onnx", spec.modelFileName());
    assertEquals(List.of(64, 8, 512, 3, 5, 2, 9000), List.of(spec.maxLength(), spec.batchSize(),
        spec.maxBatchTokens(), spec.maxConcurrentInferences(), spec.maxQueuedInferences(),
        spec.intraOpThreads(), spec.maxTokenizedChars()));
    assertEquals(250, spec.maxQueueWaitMillis());
    assertEquals(io.github.solrneural.model.Pooling.CLS, spec.pooling());
    assertTrue(!spec.normalize());
  }

  /** {@code --variant int8} serves model-int8.onnx: here another model than model.onnx. */
  @Test
  public void theInt8VariantIsServed() throws Exception {
    Path folder = Files.createTempDirectory(DemoModels.buildDir(), "variant");
    Files.copy(TINY.resolve("tiny-cross-encoder/model.onnx"), folder.resolve("model.onnx"));
    Files.copy(TINY.resolve("tiny-cross-encoder/tokenizer.json"), folder.resolve("tokenizer.json"));
    Files.copy(TINY.resolve("tiny-cross-encoder-2in/model.onnx"), folder.resolve("model-int8.onnx"));
    String pairs = "{\"pairs\": [[\"what is the plan\", \"jobs and prices\"]]}";
    List<String> args = List.of("--model", folder.toString(), "--engine", "OnnxRuntime",
        "--kind", "cross-encoder", "--port", "0", "--maxLength",
        reference.get("maxLength").getAsString());
    float plain;
    float int8;
    float other;
    try (ScoringServer server = ScoringServer.start(ServerOptions.parse(args.toArray(new String[0])))) {
      plain = firstScore(post(server, pairs));
    }
    List<String> variant = new ArrayList<>(args);
    variant.addAll(List.of("--variant", "int8"));
    try (ScoringServer server = ScoringServer.start(ServerOptions.parse(variant.toArray(new String[0])))) {
      int8 = firstScore(post(server, pairs));
    }
    try (ScoringServer server = start("tiny-cross-encoder-2in", "cross-encoder")) {
      other = firstScore(post(server, pairs));
    }
    assertEquals("the variant file answered", other, int8, 1e-6f);
    assertTrue(plain + " vs " + int8, Math.abs(plain - int8) > 1e-3);
  }

  private static float firstScore(HttpResponse<String> response) {
    assertEquals(response.body(), 200, response.statusCode());
    return JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonArray("scores")
        .get(0).getAsFloat();
  }

  @Test
  public void theBodyAndItemLimitsHoldWhileTheBodyIsRead() throws Exception {
    try (ScoringServer server = start("tiny-cross-encoder", "cross-encoder", "--maxBodyBytes", "100000")) {
      // 51 pairs of a body that says 99,000 bytes come: refused without waiting for the rest.
      try (Socket client = open(server, "Content-Length: 99000")) {
        send(client, "{\"pairs\": [" + "[\"\", \"\"],".repeat(51));
        String answer = readAnswer(client);
        assertTrue(answer, answer.startsWith("HTTP/1.1 413"));
        assertTrue(answer, answer.contains("more than 50 items"));
      }
      // A chunked body without a length: refused at its 100,001st byte.
      try (Socket client = open(server, "Transfer-Encoding: chunked")) {
        String chunk = "{\"pairs\": [[\"q\", \"" + "a".repeat(100_100);
        send(client, Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
        String answer = readAnswer(client);
        assertTrue(answer, answer.startsWith("HTTP/1.1 413"));
        assertTrue(answer, answer.contains("maxBodyBytes=100000"));
      }
      // A declared length over the limit: refused before reading anything.
      try (Socket client = open(server, "Content-Length: 200000")) {
        String answer = readAnswer(client);
        assertTrue(answer, answer.startsWith("HTTP/1.1 413"));
      }
    }
  }

  @Test
  public void aFullQueueIsA503AndPingIsServedWhileEveryWorkerIsBusy() throws Exception {
    try (ScoringServer server = start("tiny-cross-encoder", "cross-encoder",
        "--maxConcurrentInferences", "1", "--maxQueuedInferences", "1")) {
      String valid = "{\"pairs\": [[\"q\", \"p\"]]}";
      // Two clients that send half a body and stall hold the one running place and the one
      // queued place.
      Socket[] stalled = new Socket[2];
      try {
        for (int i = 0; i < stalled.length; i++) {
          stalled[i] = stall(server);
        }
        HttpResponse<String> refused = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
          refused = post(server, valid);
          if (refused.statusCode() == 503) {
            break;
          }
          // On a busy machine a valid request can be admitted before a stalled client and take
          // its place, so that client is refused: it stalls again.
          for (int i = 0; i < stalled.length; i++) {
            if (stalled[i].getInputStream().available() > 0) {
              stalled[i].close();
              stalled[i] = stall(server);
            }
          }
          Thread.sleep(50);
        }
        if (refused.statusCode() != 503) {
          stalled[0].setSoTimeout(500);
          stalled[1].setSoTimeout(500);
          fail("never refused; the stalled clients got: [" + partialAnswer(stalled[0]) + "] and ["
              + partialAnswer(stalled[1]) + "]");
        }
        assertTrue(refused.body(), refused.body().contains("maxQueuedInferences=1"));
        HttpResponse<String> ping = get(server, ScoringServer.PING);
        assertEquals(ping.body(), 200, ping.statusCode());
      } finally {
        for (Socket client : stalled) {
          if (client != null) {
            client.close();
          }
        }
      }
      HttpResponse<String> served = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        served = post(server, valid);
        if (served.statusCode() == 200) {
          break;
        }
        Thread.sleep(50);
      }
      assertEquals("the places come free when the stalled clients leave", 200, served.statusCode());
    }
  }

  /** A client that sends half of a valid body and then nothing. */
  private static Socket stall(ScoringServer server) throws IOException {
    Socket client = open(server, "Content-Length: 1000");
    send(client, "{\"pairs\": [");
    return client;
  }

  @Test
  public void onlyTheExactPathsAreServed() throws Exception {
    try (ScoringServer server = start("tiny-cross-encoder", "cross-encoder")) {
      HttpResponse<String> longer = HTTP.send(
          HttpRequest.newBuilder(URI.create(server.invocationsUrl() + "/more"))
              .POST(HttpRequest.BodyPublishers.ofString("{\"pairs\": [[\"q\", \"p\"]]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(longer.body(), 404, longer.statusCode());
      assertEquals(404, get(server, ScoringServer.PING + "/more").statusCode());
      assertEquals(404, get(server, "/").statusCode());
      assertEquals(200, get(server, ScoringServer.PING).statusCode());
    }
  }

  @Test
  public void closingWaitsForTheForwardPassesInFlightBeforeClosingTheModel() throws Exception {
    ScoringServer server = start("tiny-cross-encoder", "cross-encoder", "--maxItemsPerCall", "3000");
    StringBuilder body = new StringBuilder("{\"pairs\": [");
    for (int i = 0; i < 3000; i++) {
      body.append(i == 0 ? "" : ",").append("[\"the plan for the economy\", \"")
          .append("passage number ").append(i).append(" about jobs and prices ".repeat(8)).append("\"]");
    }
    CompletableFuture<HttpResponse<String>> pending = HTTP.sendAsync(
        HttpRequest.newBuilder(URI.create(server.invocationsUrl()))
            .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())).build(),
        HttpResponse.BodyHandlers.ofString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (server.model().inferencesRunning() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue("a forward pass is running", server.model().inferencesRunning() > 0);
    server.close();
    HttpResponse<String> answer = pending.get(60, TimeUnit.SECONDS);
    assertEquals(answer.body(), 200, answer.statusCode());
    assertEquals(3000, ScoringContract.readScores(new JsonReader(new StringReader(answer.body())), 3000).length);
  }

  @Test
  public void aClientThatStallsIsCutOffAfterReadTimeoutSeconds() throws Exception {
    Path log = DemoModels.buildDir().resolve("scoring-server-logs/stalled-client.log");
    try (ScoringServerProcess process = ScoringServerProcess.start(log,
        "--model", TINY.resolve("tiny-cross-encoder").toString(), "--engine", "OnnxRuntime",
        "--kind", "cross-encoder", "--maxLength", "128", "--readTimeoutSeconds", "1")) {
      URI url = URI.create(process.url());
      try (Socket client = new Socket(url.getHost(), url.getPort())) {
        client.setSoTimeout(20_000);
        send(client, "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"pairs\": [");
        long start = System.nanoTime();
        int read;
        try {
          read = client.getInputStream().read();
        } catch (SocketException reset) {
          read = -1;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("the server hung up", -1, read);
        assertTrue("after about a second, not the 20 s of this test's patience: " + millis,
            millis < 15_000);
      }
    }
  }

  /** A raw connection that has sent the headers of a POST to /invocations with this header. */
  private static Socket open(ScoringServer server, String header) throws IOException {
    Socket socket = new Socket("127.0.0.1", server.port());
    socket.setSoTimeout(10_000);
    send(socket, "POST " + ScoringServer.INVOCATIONS + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\n" + header + "\r\n\r\n");
    return socket;
  }

  private static void send(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
  }

  /** The answer's status line, headers and body as far as they come within the socket timeout. */
  private static String readAnswer(Socket socket) throws IOException {
    StringBuilder answer = new StringBuilder();
    byte[] buffer = new byte[8192];
    InputStream in = socket.getInputStream();
    try {
      for (int n; (n = in.read(buffer)) > 0; ) {
        answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        if (answer.indexOf("\r\n\r\n") > 0 && answer.indexOf("}") > 0) {
          break;
        }
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no complete answer within 10 s, only: " + answer, e);
    } catch (SocketException e) {
      // Closed by the server after its answer.
    }
    return answer.toString();
  }

  private static String partialAnswer(Socket socket) {
    try {
      byte[] buffer = new byte[2000];
      int n = socket.getInputStream().read(buffer);
      return n < 0 ? "(closed)" : new String(buffer, 0, n, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static HttpResponse<String> get(ScoringServer server, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(5)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(ScoringServer server, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.invocationsUrl()))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
