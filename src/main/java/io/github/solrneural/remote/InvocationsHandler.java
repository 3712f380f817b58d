package io.github.solrneural.remote;

import com.google.gson.JsonObject;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.MalformedJsonException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.solrneural.model.CrossEncoder;
import io.github.solrneural.model.Embedder;
import io.github.solrneural.model.Embedding;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelBusyException;
import io.github.solrneural.model.ModelKind;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /invocations: answers the scoring contract ({@link ScoringContract}) with the loaded model.
 * A request that breaks the contract is a 400 that says how; a body or item list over its limit
 * is a 413, found while reading; a full queue is a 503; a model failure is a 500.
 */
final class InvocationsHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(InvocationsHandler.class);

  private final LoadedModel model;
  private final ServerOptions options;
  private final Admission admission;

  /** A request the handler refuses, with its status. */
  private static final class Refused extends Exception {
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /** The body went past maxBodyBytes while it was read. */
  private static final class BodyTooLargeException extends IOException {
    BodyTooLargeException(int maxBytes) {
      super("the body is larger than maxBodyBytes=" + maxBytes);
    }
  }

  InvocationsHandler(LoadedModel model, ServerOptions options, Admission admission) {
    this.model = model;
    this.options = options;
    this.admission = admission;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!ScoringServer.INVOCATIONS.equals(exchange.getRequestURI().getPath())) {
        send(exchange, 404, error("not found; this server serves POST " + ScoringServer.INVOCATIONS
            + " and GET " + ScoringServer.PING));
        return;
      }
      if (!admission.tryEnter()) {
        exchange.getResponseHeaders().set("Retry-After", "1");
        send(exchange, 503, error(admission.busyMessage()));
        return;
      }
      try {
        send(exchange, 200, answer(exchange));
      } catch (Refused refused) {
        send(exchange, refused.status, error(refused.getMessage()));
      } catch (ModelBusyException e) {
        exchange.getResponseHeaders().set("Retry-After", "1");
        send(exchange, 503, error("the model is busy: " + e.reason()));
      } catch (RuntimeException e) {
        // InferenceException, a non-finite output, or a tokenizer failure: the server's fault.
        LOG.warn("scoring failed: {}", e.toString());
        send(exchange, 500, error("the model failed; the scoring server's log has the details"));
      } finally {
        admission.exit();
      }
    }
  }

  private String answer(HttpExchange exchange) throws Refused, IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().add("Allow", "POST");
      throw new Refused(405, "use POST with a JSON body");
    }
    long declared = contentLength(exchange);
    if (declared > options.maxBodyBytes()) {
      throw new Refused(413, "the body is larger than maxBodyBytes=" + options.maxBodyBytes());
    }
    int limit = options.maxItemsPerCall();
    // Not closed here: closing would read the rest of the body before the answer is sent.
    JsonReader request = new JsonReader(new InputStreamReader(
        limited(exchange.getRequestBody(), options.maxBodyBytes()), StandardCharsets.UTF_8));
    try {
      if (model.spec().kind() == ModelKind.CROSS_ENCODER) {
        List<String[]> pairs = ScoringContract.readPairs(request, limit);
        checkCount(pairs.size());
        List<String> queries = new ArrayList<>(pairs.size());
        List<String> passages = new ArrayList<>(pairs.size());
        for (String[] pair : pairs) {
          queries.add(pair[0]);
          passages.add(pair[1]);
        }
        return ScoringContract.scoresAnswer(new CrossEncoder(model).scorePairs(queries, passages));
      }
      List<String> inputs = ScoringContract.readInputs(request, limit);
      checkCount(inputs.size());
      List<float[]> vectors = new ArrayList<>(inputs.size());
      for (Embedding embedding : new Embedder(model).embedAll(inputs)) {
        vectors.add(embedding.vector());
      }
      return ScoringContract.embeddingsAnswer(vectors);
    } catch (ContractViolationException e) {
      throw new Refused(
          400, "this server serves a " + model.spec().kind().label() + " model: " + e.getMessage());
    } catch (BodyTooLargeException e) {
      throw new Refused(413, e.getMessage());
    } catch (MalformedJsonException | EOFException | IllegalStateException
        | NumberFormatException e) {
      String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      throw new Refused(400, "malformed JSON: " + ScoringContract.cut(first, 200));
    }
  }

  private static long contentLength(HttpExchange exchange) {
    try {
      String value = exchange.getRequestHeaders().getFirst("Content-Length");
      return value == null ? -1 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void checkCount(int items) throws Refused {
    if (items > options.maxItemsPerCall()) {
      throw new Refused(
          413, "more than " + options.maxItemsPerCall() + " items in one call; this server takes"
              + " at most maxItemsPerCall=" + options.maxItemsPerCall());
    }
  }

  /** The body, failing as soon as it goes past the limit: never more than that is read. */
  private static InputStream limited(InputStream in, int maxBytes) {
    return new FilterInputStream(in) {
      private long read;

      @Override
      public int read() throws IOException {
        int b = super.read();
        count(b < 0 ? 0 : 1);
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        count(Math.max(n, 0));
        return n;
      }

      private void count(int n) throws BodyTooLargeException {
        read += n;
        if (read > maxBytes) {
          throw new BodyTooLargeException(maxBytes);
        }
      }
    };
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
