package io.github.solrneural.remote;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.solrneural.model.BackendFailureException;
import io.github.solrneural.model.Budget;
import io.github.solrneural.model.BudgetExhaustedException;
import io.github.solrneural.model.Embedding;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.PairScorer;
import io.github.solrneural.testing.StubEndpoint;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The remote client against a stub endpoint: the contract, and every way a call can fail. */
public class RemoteModelTest {
  private static final List<String> PASSAGES = List.of("a", "bbb", "cc", "dddd", "eeeee");

  private StubEndpoint stub;

  @Before
  public void startStub() throws IOException {
    stub = new StubEndpoint();
  }

  @After
  public void stopStub() {
    stub.close();
    System.clearProperty("remote.test.token");
  }

  private RemoteModelSpec spec(int timeoutMillis, int retries, int maxPerCall, AuthHeader auth) {
    return new RemoteModelSpec(URI.create(stub.url()), ModelKind.CROSS_ENCODER, 1000,
        timeoutMillis, retries, 10, maxPerCall, 1, auth, null, RemoteModelSpec.DEFAULT_MAX_RESPONSE_BYTES);
  }

  private RemoteModel scorer(int timeoutMillis, int retries) {
    return RemoteModel.connect(spec(timeoutMillis, retries, 64, null));
  }

  @Test
  public void scoresComeBackInThePassagesOrderAcrossSeveralCalls() {
    RemoteModel model = RemoteModel.connect(spec(5000, 0, 2, null));
    float[] scores = model.pairScorer().score("the query", PASSAGES);
    assertArrayEquals(new float[] {1, 3, 2, 4, 5}, scores, 0f);
    assertEquals("5 pairs, 2 per call", 3, stub.received().size());
    assertEquals(3, model.calls());
    assertEquals(0, model.failedCalls());
    JsonArray firstCall = stub.received().get(0).json().getAsJsonObject().getAsJsonArray("pairs");
    assertEquals("[[\"the query\",\"a\"],[\"the query\",\"bbb\"]]", firstCall.toString());
    assertEquals("application/json",
        stub.received().get(0).headers().getFirst("Content-Type"));
  }

  @Test
  public void aTransientErrorIsRetriedAfterABackoff() {
    stub.behave(StubEndpoint.failingFirst(1, 503, StubEndpoint.scoring(String::length)));
    RemoteModel model = scorer(5000, 1);
    assertArrayEquals(new float[] {1, 3, 2, 4, 5}, model.pairScorer().score("q", PASSAGES), 0f);
    assertEquals(2, model.calls());
    assertEquals(1, model.failedCalls());
    assertEquals(1, model.retries());
    assertEquals(0, model.failedRequests());
  }

  @Test
  public void aServerErrorThatPersistsFailsAfterTheRetriesNamingStatusAndBody() {
    stub.behave(StubEndpoint.status(500, "{\"error\": \"CUDA out of memory\"}"));
    RemoteModel model = scorer(5000, 2);
    BackendFailureException failure =
        assertThrows(BackendFailureException.class, () -> model.pairScorer().score("q", PASSAGES));
    assertTrue(failure.getMessage(), failure.getMessage().contains("after 3 attempts"));
    assertTrue(failure.getMessage(), failure.getMessage().contains("HTTP 500"));
    assertTrue(failure.getMessage(), failure.getMessage().contains("CUDA out of memory"));
    assertEquals(3, model.calls());
    assertEquals(3, model.failedCalls());
    assertEquals(1, model.failedRequests());
  }

  @Test
  public void aClientErrorIsNotRetried() {
    stub.behave(StubEndpoint.status(400, "{\"error\": \"bad\"}"));
    RemoteModel model = scorer(5000, 3);
    assertThrows(BackendFailureException.class, () -> model.pairScorer().score("q", PASSAGES));
    assertEquals(1, model.calls());
  }

  @Test
  public void malformedJsonIsAFailureThatSaysSo() {
    stub.behave(StubEndpoint.status(200, "{\"scores\": [1.0, 2.0"));
    RemoteModel model = scorer(5000, 3);
    BackendFailureException failure =
        assertThrows(BackendFailureException.class, () -> model.pairScorer().score("q", PASSAGES));
    assertTrue(failure.getMessage(), failure.getMessage().contains("malformed JSON"));
    assertEquals("a broken answer is not retried", 1, model.calls());
    assertEquals(1, model.failedCalls());
  }

  @Test
  public void theWrongNumberOfScoresIsAFailure() {
    stub.behave(StubEndpoint.oneScoreShort());
    RemoteModel model = scorer(5000, 0);
    BackendFailureException failure =
        assertThrows(BackendFailureException.class, () -> model.pairScorer().score("q", PASSAGES));
    assertTrue(failure.getMessage(), failure.getMessage().contains("holds 4 values for 5 pairs"));
  }

  @Test
  public void nonNumericScoresAndOtherShapesBreakTheContract() {
    stub.behave(StubEndpoint.status(200, "{\"scores\": [1, 2, \"x\", 4, 5]}"));
    PairScorer scorer = scorer(5000, 0).pairScorer();
    BackendFailureException failure =
        assertThrows(BackendFailureException.class, () -> scorer.score("q", PASSAGES));
    assertTrue(failure.getMessage(), failure.getMessage().contains("\"scores\"[2] must be a finite number"));
    stub.behave(StubEndpoint.status(200, "[1, 2, 3, 4, 5]"));
    failure = assertThrows(BackendFailureException.class, () -> scorer.score("q", PASSAGES));
    assertTrue(failure.getMessage(), failure.getMessage().contains("{\"scores\": [float, ...]}"));
  }

  @Test
  public void aSlowEndpointTimesOutAndIsRetried() {
    stub.behave(stub.hanging());
    RemoteModel model = scorer(300, 1);
    long start = System.nanoTime();
    BackendFailureException failure =
        assertThrows(BackendFailureException.class, () -> model.pairScorer().score("q", PASSAGES));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(failure.getMessage(), failure.getMessage().contains("no answer within timeoutMillis=300"));
    assertEquals(2, model.calls());
    assertTrue("gave up after two timeouts, not after the stub's 60 s: " + millis, millis < 30_000);
  }

  @Test
  public void theCallersBudgetCutsACallShorterThanItsTimeoutAndIsNotRetried() {
    stub.behave(stub.hanging());
    RemoteModel model = scorer(30_000, 3);
    BudgetExhaustedException exhausted =
        assertThrows(BudgetExhaustedException.class,
            () -> model.pairScorer().score("q", PASSAGES, Budget.ofMillis(200)));
    assertTrue(exhausted.getMessage(), exhausted.getMessage().contains("time budget of 200 ms exceeded"));
    assertEquals(1, model.calls());
    assertEquals(0, model.failedRequests());
  }

  @Test
  public void aSpentBudgetSendsNothing() {
    RemoteModel model = scorer(5000, 0);
    assertThrows(BudgetExhaustedException.class,
        () -> model.pairScorer().score("q", PASSAGES, () -> 0L));
    assertEquals(0, model.calls());
  }

  @Test
  public void anEndpointThatIsDownFailsFastAfterItsRetries() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    RemoteModelSpec down = new RemoteModelSpec(
        URI.create("http://127.0.0.1:" + closedPort + "/invocations"), ModelKind.CROSS_ENCODER,
        1000, 5000, 1, 10, 64, 1, null, null, RemoteModelSpec.DEFAULT_MAX_RESPONSE_BYTES);
    RemoteModel model = RemoteModel.connect(down);
    BackendFailureException failure =
        assertThrows(BackendFailureException.class, () -> model.pairScorer().score("q", PASSAGES));
    assertTrue(failure.getMessage(), failure.getMessage().contains("cannot reach the endpoint"));
    assertEquals(2, model.calls());
    assertEquals(2, model.failedCalls());
  }

  @Test
  public void theAuthHeaderComesFromASystemPropertyAndIsNeverPrinted() {
    AuthHeader auth = new AuthHeader("X-Api-Key", null, "remote.test.token");
    IllegalArgumentException unset =
        assertThrows(IllegalArgumentException.class,
            () -> RemoteModel.connect(spec(5000, 0, 64, auth)));
    assertTrue(unset.getMessage(), unset.getMessage().contains("system property remote.test.token"));

    System.setProperty("remote.test.token", "s3cr3t-value");
    RemoteModel model = RemoteModel.connect(spec(5000, 0, 64, auth));
    model.pairScorer().score("q", PASSAGES);
    assertEquals("s3cr3t-value", stub.received().get(0).headers().getFirst("X-Api-Key"));
    assertFalse(model.spec().toString().contains("s3cr3t"));
    stub.behave(StubEndpoint.status(500, "no"));
    BackendFailureException failure =
        assertThrows(BackendFailureException.class, () -> model.pairScorer().score("q", PASSAGES));
    assertFalse(failure.getMessage().contains("s3cr3t"));
  }

  @Test
  public void anEmbedderSendsInputsAndChecksTheDimension() {
    stub.behave((exchange, request) -> {
      JsonArray embeddings = new JsonArray();
      for (var input : request.getAsJsonObject().getAsJsonArray("inputs")) {
        JsonArray vector = new JsonArray();
        vector.add(input.getAsString().length());
        vector.add(0.5f);
        vector.add(-1f);
        embeddings.add(vector);
      }
      JsonObject answer = new JsonObject();
      answer.add("embeddings", embeddings);
      StubEndpoint.send(exchange, 200, answer.toString());
    });
    RemoteModelSpec spec = new RemoteModelSpec(URI.create(stub.url()), ModelKind.EMBEDDING,
        1000, 5000, 0, 10, 2, 3, null, null, RemoteModelSpec.DEFAULT_MAX_RESPONSE_BYTES);
    List<Embedding> embeddings = RemoteModel.connect(spec).embedder().embedAll(List.of("ab", "abc", "abcd"));
    assertEquals(3, embeddings.size());
    assertArrayEquals(new float[] {4, 0.5f, -1}, embeddings.get(2).vector(), 0f);
    assertEquals("3 texts, 2 per call", 2, stub.received().size());

    RemoteModelSpec wrongDimension = new RemoteModelSpec(URI.create(stub.url()),
        ModelKind.EMBEDDING, 1000, 5000, 0, 10, 2, 384, null, null, RemoteModelSpec.DEFAULT_MAX_RESPONSE_BYTES);
    BackendFailureException failure = assertThrows(BackendFailureException.class,
        () -> RemoteModel.connect(wrongDimension).embedder().embed("x"));
    assertTrue(failure.getMessage(), failure.getMessage().contains("array of 384 numbers"));
  }

  @Test
  public void aSpecRefusesUrlsWithCredentialsAndNonHttpSchemes() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> new RemoteModelSpec(URI.create("http://user:pw@host/invocations"),
            ModelKind.CROSS_ENCODER, 1, 1, 0, 0, 1, 1, null, null, RemoteModelSpec.DEFAULT_MAX_RESPONSE_BYTES));
    assertTrue(error.getMessage(), error.getMessage().contains("authHeaderEnv"));
    assertThrows(IllegalArgumentException.class,
        () -> new RemoteModelSpec(URI.create("file:///etc/passwd"),
            ModelKind.CROSS_ENCODER, 1, 1, 0, 0, 1, 1, null, null, RemoteModelSpec.DEFAULT_MAX_RESPONSE_BYTES));
  }

  @Test
  public void anAuthHeaderValueWithATrailingNewlineIsRefusedAtLoadNamingThePropertyNotTheValue() {
    System.setProperty("remote.test.token", "s3cr3t-value\n");
    AuthHeader auth = new AuthHeader("X-Api-Key", null, "remote.test.token");
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class,
            () -> RemoteModel.connect(spec(5000, 0, 64, auth)));
    assertTrue(refused.getMessage(), refused.getMessage().contains("system property remote.test.token"));
    assertNoSecret("s3cr3t", refused);
  }

  @Test
  public void anAuthHeaderValueThatTurnsBadAfterLoadIsACountedFailureThatNeverShowsIt() {
    System.setProperty("remote.test.token", "s3cr3t-value");
    RemoteModel model =
        RemoteModel.connect(spec(5000, 3, 64, new AuthHeader("X-Api-Key", null, "remote.test.token")));
    System.setProperty("remote.test.token", "s3cr3t-value\n");
    RuntimeException failure =
        assertThrows(RuntimeException.class, () -> model.pairScorer().score("q", PASSAGES));
    assertNoSecret("s3cr3t", failure);
    assertTrue(failure.toString(), failure instanceof BackendFailureException);
    assertTrue(failure.getMessage(), failure.getMessage().contains("system property remote.test.token"));
    assertEquals("nothing was sent", 0, stub.received().size());
    assertEquals(1, model.calls());
    assertEquals(1, model.failedCalls());
    assertEquals("a broken header is not retried", 1, model.failedRequests());
  }

  @Test
  public void aSignerWithoutCredentialsIsACountedFailureThatNeverShowsTheirMessage() {
    RequestSigner noCredentials = (uri, headers, body) -> {
      throw new IllegalStateException("cannot use key AKIA-s3cr3t from the profile");
    };
    RemoteModel model = RemoteModel.connect(spec(5000, 0, 64, null), noCredentials);
    RuntimeException failure =
        assertThrows(RuntimeException.class, () -> model.pairScorer().score("q", PASSAGES));
    assertNoSecret("s3cr3t", failure);
    assertTrue(failure.toString(), failure instanceof BackendFailureException);
    assertTrue(failure.getMessage(), failure.getMessage().contains("cannot sign the call with SigV4"));
    assertEquals(1, model.failedRequests());
  }

  @Test
  public void anEndlessAnswerIsAFailedCallCutAtMaxResponseBytes() {
    stub.behave((exchange, request) -> {
      exchange.sendResponseHeaders(200, 0);
      byte[] chunk = "0,".repeat(1 << 19).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      try (var out = exchange.getResponseBody()) {
        out.write("{\"scores\": [".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (int i = 0; i < 4096; i++) { // 4 GiB, unless the client hangs up first
          out.write(chunk);
        }
      } catch (IOException hungUp) {
        // The client stopped reading: what it should do.
      }
    });
    RemoteModel model = scorer(30_000, 2);
    BackendFailureException failure =
        assertThrows(BackendFailureException.class, () -> model.pairScorer().score("q", PASSAGES));
    assertTrue(failure.getMessage(),
        failure.getMessage().contains(
            "answered more than maxResponseBytes=" + RemoteModelSpec.DEFAULT_MAX_RESPONSE_BYTES));
    assertEquals("not retried", 1, model.calls());
    assertEquals(1, model.failedRequests());

    RemoteModel small = RemoteModel.connect(new RemoteModelSpec(URI.create(stub.url()),
        ModelKind.CROSS_ENCODER, 1000, 5000, 0, 10, 64, 1, null, null, 40));
    stub.behave(StubEndpoint.scoring(String::length));
    assertArrayEquals("35 bytes fit", new float[] {1, 3, 2, 4, 5},
        small.pairScorer().score("q", PASSAGES), 0f);
    stub.behave(StubEndpoint.status(200, "{\"scores\": [1.0, 3.0, 2.0, 4.0, 5.0], \"padding\": 0}"));
    failure = assertThrows(BackendFailureException.class, () -> small.pairScorer().score("q", PASSAGES));
    assertTrue(failure.getMessage(), failure.getMessage().contains("more than maxResponseBytes=40 bytes"));
  }

  @Test
  public void messagesThatQuoteAnAnswerAreCutShort() {
    String huge = "x".repeat(100_000);
    stub.behave(StubEndpoint.status(200, "{\"scores\": [1, 2, \"" + huge + "\", 4, 5]}"));
    BackendFailureException contract = assertThrows(BackendFailureException.class,
        () -> scorer(5000, 0).pairScorer().score("q", PASSAGES));
    assertTrue(contract.getMessage(), contract.getMessage().contains("\"scores\"[2] must be a finite number"));
    assertTrue(contract.getMessage().length() + " chars", contract.getMessage().length() < 1000);
    stub.behave(StubEndpoint.status(500, huge));
    BackendFailureException status = assertThrows(BackendFailureException.class,
        () -> scorer(5000, 0).pairScorer().score("q", PASSAGES));
    assertTrue(status.getMessage().length() + " chars", status.getMessage().length() < 1000);
    stub.behave(StubEndpoint.status(200, "{\"scores\": [1, 2, " + huge));
    BackendFailureException malformed = assertThrows(BackendFailureException.class,
        () -> scorer(5000, 0).pairScorer().score("q", PASSAGES));
    assertTrue(malformed.getMessage().length() + " chars", malformed.getMessage().length() < 1000);
  }

  @Test
  public void aUrlWithCredentialsIsNeverEchoed() {
    for (String url : new String[] {
        "http://user:pa55word@host/invocations", "http://user:pa55word@bad_host/invocations",
        "ftp://user:pa55word@host/invocations"}) {
      IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
          () -> new RemoteModelSpec(URI.create(url), ModelKind.CROSS_ENCODER, 1, 1, 0, 0, 1, 1,
              null, null, RemoteModelSpec.DEFAULT_MAX_RESPONSE_BYTES));
      assertNoSecret("pa55word", error);
    }
    assertEquals("http://***@host:8080/x?y@z",
        RemoteModelSpec.withoutCredentials("http://user:pa55word@host:8080/x?y@z"));
  }

  /** Neither the message nor any cause's message or text holds the secret. */
  private static void assertNoSecret(String secret, Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertFalse(t.toString(), String.valueOf(t.getMessage()).contains(secret));
      assertFalse(t.toString(), t.toString().contains(secret));
    }
  }
}
