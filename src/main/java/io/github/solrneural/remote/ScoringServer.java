package io.github.solrneural.remote;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpServer;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelLoadException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone scoring server: loads one model folder with the plugin's model layer and serves it
 * over HTTP with the SageMaker container contract, so that every Solr node can call one copy of a
 * large model on an accelerator host. {@code POST /invocations} takes {@code {"pairs": [[query,
 * passage], ...]}} (cross-encoders) or {@code {"inputs": [text, ...]}} (embedders); {@code GET
 * /ping} answers 200 once the model is loaded. Run it with the module's jars on the class path; see
 * docs/remote-scoring.md.
 */
public final class ScoringServer implements AutoCloseable {
  public static final String INVOCATIONS = "/invocations";
  public static final String PING = "/ping";
  private static final int SPARE_THREADS = 2;
  private static final Logger LOG = LoggerFactory.getLogger(ScoringServer.class);

  /** How long closing waits for the requests in progress, whose forward passes cannot stop. */
  static final int SHUTDOWN_WAIT_SECONDS = 60;

  private final LoadedModel model;
  private final HttpServer server;
  private final ExecutorService workers;
  private final Admission admission;

  private ScoringServer(
      LoadedModel model, HttpServer server, ExecutorService workers, Admission admission) {
    this.model = model;
    this.server = server;
    this.workers = workers;
    this.admission = admission;
  }

  /** Loads the model, then starts listening. */
  public static ScoringServer start(ServerOptions options) throws ModelLoadException, IOException {
    LoadedModel model = LoadedModel.load(options.model());
    ExecutorService workers = null;
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(options.host(), options.port()), 64);
      int running = options.model().maxConcurrentInferences();
      Admission admission = new Admission(running, options.model().maxQueuedInferences());
      // A thread per admitted request, and spare ones so that /ping and refusals never wait for
      // a forward pass.
      workers = Executors.newFixedThreadPool(
          running + options.model().maxQueuedInferences() + SPARE_THREADS);
      server.setExecutor(workers);
      server.createContext("/", new InvocationsHandler(model, options, admission));
      server.createContext(PING, exchange -> {
        try (exchange) {
          if (!PING.equals(exchange.getRequestURI().getPath())) {
            InvocationsHandler.send(exchange, 404, "{\"error\":\"not found\"}");
            return;
          }
          JsonObject status = new JsonObject();
          status.addProperty("status", "ok");
          status.addProperty("kind", model.spec().kind().label());
          status.addProperty("outputDimension", model.outputDimension());
          InvocationsHandler.send(exchange, 200, status.toString());
        }
      });
      server.start();
      return new ScoringServer(model, server, workers, admission);
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

  /**
   * Refuses new requests (503), waits up to {@link #SHUTDOWN_WAIT_SECONDS} for those in progress
   * to be answered, then stops listening and closes the model.
   */
  @Override
  public void close() {
    try {
      if (!admission.close(SHUTDOWN_WAIT_SECONDS)) {
        LOG.warn("closing with requests still in progress after {} s", SHUTDOWN_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop(0);
    workers.shutdown();
    try {
      // A forward pass still running (after an interrupt) must end before its model closes.
      workers.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
    // The JDK's server closes a connection whose request is not read in this time: a slow or
    // stalled client cannot hold a thread. Read once, when the first server starts.
    System.setProperty(
        "sun.net.httpserver.maxReqTime", Integer.toString(options.readTimeoutSeconds()));
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
