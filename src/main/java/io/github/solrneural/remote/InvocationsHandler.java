package io.github.solrneural.remote;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.solrneural.model.CrossEncoder;
import io.github.solrneural.model.Embedder;
import io.github.solrneural.model.Embedding;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /invocations: answers the scoring contract ({@link ScoringContract}) with the loaded model.
 * A request that breaks the contract is a 400 that says how; a model failure is a 500.
 */
final class InvocationsHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(InvocationsHandler.class);

  private final LoadedModel model;
  private final ServerOptions options;

  /** A request the handler refuses, with its status. */
  private static final class Refused extends Exception {
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  InvocationsHandler(LoadedModel model, ServerOptions options) {
    this.model = model;
    this.options = options;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
        if (!"POST".equals(exchange.getRequestMethod())) {
          exchange.getResponseHeaders().add("Allow", "POST");
          throw new Refused(405, "use POST with a JSON body");
        }
        JsonElement request = parse(readBody(exchange.getRequestBody()));
        send(exchange, 200, answer(request));
      } catch (Refused refused) {
        send(exchange, refused.status, error(refused.getMessage()));
      } catch (RuntimeException e) {
        // InferenceException, a non-finite output, or a tokenizer failure: the server's fault.
        LOG.warn("scoring failed: {}", e.toString());
        send(exchange, 500, error("the model failed: " + e.getMessage()));
      }
    }
  }

  private String answer(JsonElement request) throws Refused {
    try {
      if (model.spec().kind() == ModelKind.CROSS_ENCODER) {
        List<String[]> pairs = ScoringContract.readPairs(request);
        checkCount(pairs.size());
        List<String> queries = new ArrayList<>(pairs.size());
        List<String> passages = new ArrayList<>(pairs.size());
        for (String[] pair : pairs) {
          queries.add(pair[0]);
          passages.add(pair[1]);
        }
        return ScoringContract.scoresAnswer(new CrossEncoder(model).scorePairs(queries, passages));
      }
      List<String> inputs = ScoringContract.readInputs(request);
      checkCount(inputs.size());
      List<float[]> vectors = new ArrayList<>(inputs.size());
      for (Embedding embedding : new Embedder(model).embedAll(inputs)) {
        vectors.add(embedding.vector());
      }
      return ScoringContract.embeddingsAnswer(vectors);
    } catch (ContractViolationException e) {
      throw new Refused(
          400, "this server serves a " + model.spec().kind().label() + " model: " + e.getMessage());
    }
  }

  private void checkCount(int items) throws Refused {
    if (items > options.maxItemsPerCall()) {
      throw new Refused(
          413, items + " items in one call; this server takes at most maxItemsPerCall="
              + options.maxItemsPerCall());
    }
  }

  private String readBody(InputStream in) throws IOException, Refused {
    byte[] body = in.readNBytes(options.maxBodyBytes() + 1);
    if (body.length > options.maxBodyBytes()) {
      throw new Refused(
          413, "the body is larger than maxBodyBytes=" + options.maxBodyBytes());
    }
    return new String(body, StandardCharsets.UTF_8);
  }

  private static JsonElement parse(String body) throws Refused {
    try {
      return JsonParser.parseString(body);
    } catch (JsonParseException e) {
      throw new Refused(400, "malformed JSON: " + e.getMessage());
    }
  }

  private static String error(String message) {
    JsonObject error = new JsonObject();
    error.addProperty("error", message);
    return error.toString();
  }

  static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
