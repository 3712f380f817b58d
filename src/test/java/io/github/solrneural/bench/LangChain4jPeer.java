package io.github.solrneural.bench;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * LangChain4j's AllMiniLmL6V2EmbeddingModel in a JVM of its own (it brings its own ONNX Runtime),
 * driven line by line so its rounds interleave with the plugin's. The peer's classpath comes from
 * the bench-langchain4j project, which the bench profile builds.
 */
final class LangChain4jPeer implements AutoCloseable {
  static final String MAIN = "io.github.solrneural.bench.langchain4j.LangChain4jEmbeddingPeer";

  private final Process process;
  private final BufferedReader output;
  private final PrintWriter input;
  private float[][] vectors;

  private LangChain4jPeer(Process process) {
    this.process = process;
    this.output =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.input = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
  }

  /** The vectors the peer computed in its warm-up, in text order. */
  float[][] vectors() {
    return vectors;
  }

  /** Starts the peer on the texts; returns once it has embedded them all once (its warm-up). */
  static LangChain4jPeer start(
      BenchSettings settings, List<String> texts, String precision, Path workDir) throws Exception {
    if (!Files.isRegularFile(settings.langchain4jClasspath())) {
      throw new IOException(
          settings.langchain4jClasspath() + " is missing: run the benchmark with mvn -Pbench, which"
              + " compiles bench-langchain4j/ and writes its dependencies' classpath there");
    }
    // The peer's own classes, then the dependencies its project resolved (with their own ONNX Runtime).
    Path classes = settings.project().resolve("bench-langchain4j/target/classes");
    String classpath = classes + java.io.File.pathSeparator
        + Files.readString(settings.langchain4jClasspath()).trim();
    Path textsFile = workDir.resolve("langchain4j-texts.bin");
    Path vectorsFile = workDir.resolve("langchain4j-vectors-" + precision + ".bin");
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(textsFile))) {
      out.writeInt(texts.size());
      for (String text : texts) {
        out.writeUTF(text);
      }
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(), "-Xmx2g", "-Dai.djl.offline=true",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", classpath, MAIN, textsFile.toString(), vectorsFile.toString(), precision)
            .redirectError(workDir.resolve("langchain4j-" + precision + ".log").toFile())
            .start();
    LangChain4jPeer peer = new LangChain4jPeer(process);
    String ready = peer.output.readLine();
    if (ready == null || !ready.startsWith("ready")) {
      process.destroyForcibly();
      throw new IOException("the LangChain4j peer did not start (see "
          + workDir.resolve("langchain4j-" + precision + ".log") + ")");
    }
    peer.vectors = readVectors(vectorsFile);
    return peer;
  }

  /** One timed round in the peer: embedAll over every text; the peer's own timing, in ms. */
  double round() throws IOException {
    input.println("round");
    String line = output.readLine();
    if (line == null || !line.startsWith("ms ")) {
      throw new IOException("the LangChain4j peer answered '" + line + "'");
    }
    return Double.parseDouble(line.substring(3));
  }

  private static float[][] readVectors(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      float[][] vectors = new float[in.readInt()][in.readInt()];
      for (float[] vector : vectors) {
        for (int i = 0; i < vector.length; i++) {
          vector[i] = in.readFloat();
        }
      }
      return vectors;
    }
  }

  @Override
  public void close() throws Exception {
    input.println("quit");
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
