package io.github.solrneural.testing;

import io.github.solrneural.remote.ScoringServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scoring server in its own JVM on loopback, as a user runs it: the java of this JVM, this
 * JVM's class path and -D options, a free port. Its output goes to a log file.
 */
public final class ScoringServerProcess implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("Scoring server ready: (http://\\S+)");
  private static final long START_TIMEOUT_SECONDS = 180;

  private final Process process;
  private final String url;
  private final Path log;

  private ScoringServerProcess(Process process, String url, Path log) {
    this.process = process;
    this.url = url;
    this.log = log;
  }

  /** Starts the server with the given options (without --port) and waits until /ping answers. */
  public static ScoringServerProcess start(Path log, String... options) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("-D")) {
        command.add(argument);
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ScoringServer.class.getName());
    command.addAll(List.of(options));
    command.addAll(List.of("--host", "127.0.0.1", "--port", "0"));
    Files.createDirectories(log.getParent());
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
    String url = null;
    while (url == null) {
      Matcher ready = READY.matcher(Files.readString(log));
      if (ready.find()) {
        url = ready.group(1);
      } else if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "the scoring server did not start (exit " + (process.isAlive() ? "none" : process.exitValue())
                + "); its log " + log + ":\n" + Files.readString(log));
      } else {
        Thread.sleep(200);
      }
    }
    ScoringServerProcess server = new ScoringServerProcess(process, url, log);
    server.awaitPing();
    return server;
  }

  private void awaitPing() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI ping = URI.create(url.replace(ScoringServer.INVOCATIONS, ScoringServer.PING));
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(ping).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("/ping answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** The {@code /invocations} URL. */
  public String url() {
    return url;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the server's JVM at once, as a crash would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the scoring server did not die; its log: " + log);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
