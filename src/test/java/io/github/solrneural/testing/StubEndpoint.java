package io.github.solrneural.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * A scoring endpoint on loopback whose behaviour a test sets: it answers the pairs contract with
 * scores from a function of the passage, or fails in a chosen way. Records every request.
 */
public final class StubEndpoint implements AutoCloseable {

  /** One request as received. */
  public record Received(String method, String path, Headers headers, byte[] body) {
    public JsonElement json() {
      return JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
    }
  }

  /** What the stub does with the next requests. */
  public interface Behaviour {
    void answer(HttpExchange exchange, JsonElement request) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<CountDownLatch> held = new CopyOnWriteArrayList<>();
  private volatile Behaviour behaviour;

  public StubEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    behaviour = scoring(passage -> passage.length());
    server.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.add(
          new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
              exchange.getRequestHeaders(), body));
      JsonElement json;
      try {
        json = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        json = null;
      }
      behaviour.answer(exchange, json);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/invocations";
  }

  public void behave(Behaviour next) {
    behaviour = next;
  }

  public List<Received> received() {
    return received;
  }

  @Override
  public void close() {
    held.forEach(CountDownLatch::countDown);
    server.stop(0);
    executor.shutdownNow();
  }

  /** Answers {"scores": [...]} with the function's value for each pair's passage. */
  public static Behaviour scoring(ToDoubleFunction<String> score) {
    return (exchange, request) -> {
      JsonArray scores = new JsonArray();
      for (JsonElement pair : request.getAsJsonObject().getAsJsonArray("pairs")) {
        scores.add((float) score.applyAsDouble(pair.getAsJsonArray().get(1).getAsString()));
      }
      JsonObject answer = new JsonObject();
      answer.add("scores", scores);
      send(exchange, 200, answer.toString());
    };
  }

  /** Answers with this status and body. */
  public static Behaviour status(int status, String body) {
    return (exchange, request) -> send(exchange, status, body);
  }

  /** Answers one score fewer than the pairs sent. */
  public static Behaviour oneScoreShort() {
    return (exchange, request) -> {
      int pairs = request.getAsJsonObject().getAsJsonArray("pairs").size();
      JsonArray scores = new JsonArray();
      for (int i = 0; i < pairs - 1; i++) {
        scores.add(1.0f);
      }
      JsonObject answer = new JsonObject();
      answer.add("scores", scores);
      send(exchange, 200, answer.toString());
    };
  }

  /** Holds each request without answering, for 60 s or until the stub closes. */
  public Behaviour hanging() {
    CountDownLatch latch = new CountDownLatch(1);
    held.add(latch);
    return (exchange, request) -> {
      try {
        latch.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      send(exchange, 503, "{\"error\": \"held too long\"}");
    };
  }

  /** Fails the first {@code failures} requests with the status, then behaves as {@code then}. */
  public static Behaviour failingFirst(int failures, int status, Behaviour then) {
    int[] left = {failures};
    return (exchange, request) -> {
      boolean fail;
      synchronized (left) {
        fail = left[0]-- > 0;
      }
      if (fail) {
        send(exchange, status, "{\"error\": \"warming up\"}");
      } else {
        then.answer(exchange, request);
      }
    };
  }

  public static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
