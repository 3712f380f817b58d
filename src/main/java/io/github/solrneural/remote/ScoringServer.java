package io.github.solrneural.remote;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpServer;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelLoadException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A standalone scoring server: loads one model folder with the plugin's model layer and serves it
 * over HTTP with the SageMaker container contract, so that every Solr node can call one copy of a
 * large model on an accelerator host. {@code POST /invocations} takes {@code {"pairs": [[query,
 * passage], ...]}} (cross-encoders) or {@code {"inputs": [text, ...]}} (embedders); {@code GET
 * /ping} answers 200 once the model is loaded. Run it with the module's jars on the class path; see
 * the README's "Remote scoring".
 */
public final class ScoringServer implements AutoCloseable {
  public static final String INVOCATIONS = "/invocations";
  public static final String PING = "/ping";

  private final LoadedModel model;
  private final HttpServer server;
  private final ExecutorService workers;

  private ScoringServer(LoadedModel model, HttpServer server, ExecutorService workers) {
    this.model = model;
    this.server = server;
    this.workers = workers;
  }

  /** Loads the model, then starts listening. */
  public static ScoringServer start(ServerOptions options) throws ModelLoadException, IOException {
    LoadedModel model = LoadedModel.load(options.model());
    ExecutorService workers = null;
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(options.host(), options.port()), 64);
      workers = Executors.newFixedThreadPool(options.model().maxConcurrentInferences());
      server.setExecutor(workers);
      server.createContext(INVOCATIONS, new InvocationsHandler(model, options));
      server.createContext(PING, exchange -> {
        try (exchange) {
          JsonObject status = new JsonObject();
          status.addProperty("status", "ok");
          status.addProperty("kind", model.spec().kind().label());
          status.addProperty("outputDimension", model.outputDimension());
          InvocationsHandler.send(exchange, 200, status.toString());
        }
      });
      server.start();
      return new ScoringServer(model, server, workers);
    } catch (IOException | RuntimeException e) {
      if (workers != null) {
        workers.shutdownNow();
      }
      model.close();
      throw e;
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String invocationsUrl() {
    return "http://" + server.getAddress().getHostString() + ":" + port() + INVOCATIONS;
  }

  public LoadedModel model() {
    return model;
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
    model.close();
  }

  public static void main(String[] args) {
    ServerOptions options;
    try {
      options = ServerOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    ScoringServer server;
    try {
      server = start(options);
    } catch (ModelLoadException | IOException e) {
      System.err.println("cannot start the scoring server: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "scoring-server-shutdown"));
    // Scripts and tests read this line to learn the port (with --port 0).
    System.out.println(
        "Scoring server ready: " + server.invocationsUrl() + " serves the "
            + options.model().kind().label() + " model " + options.model().folder());
    System.out.flush();
  }
}
