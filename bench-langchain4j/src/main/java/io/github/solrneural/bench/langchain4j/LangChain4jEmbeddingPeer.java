package io.github.solrneural.bench.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * LangChain4j's in-process all-MiniLM-L6-v2, driven by the benchmark over stdin and stdout so that
 * its rounds interleave with the plugin's in the same run.
 *
 * <p>Arguments: the texts file (an int count, then each text as modified UTF-8), the file to write
 * the vectors to (int count, int dimension, then the floats), and {@code fp32} or {@code int8}.
 * It embeds every text once, writes the vectors and prints {@code ready}. Then each {@code round}
 * line on stdin embeds every text again with {@code embedAll} and prints {@code ms <elapsed>};
 * {@code quit} ends it.
 */
public final class LangChain4jEmbeddingPeer {
  private LangChain4jEmbeddingPeer() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: TEXTS_FILE VECTORS_FILE fp32|int8");
    }
    List<TextSegment> segments = readTexts(Path.of(args[0]));
    EmbeddingModel model =
        switch (args[2]) {
          case "fp32" -> new AllMiniLmL6V2EmbeddingModel();
          case "int8" -> new AllMiniLmL6V2QuantizedEmbeddingModel();
          default -> throw new IllegalArgumentException("unknown precision " + args[2]);
        };
    List<Embedding> embeddings = model.embedAll(segments).content();
    writeVectors(Path.of(args[1]), embeddings);
    System.out.println("ready " + embeddings.size());
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String command;
    while ((command = commands.readLine()) != null) {
      if (command.equals("quit")) {
        break;
      }
      if (!command.equals("round")) {
        throw new IllegalArgumentException("unknown command " + command);
      }
      long start = System.nanoTime();
      int count = model.embedAll(segments).content().size();
      double millis = (System.nanoTime() - start) / 1e6;
      if (count != segments.size()) {
        throw new IllegalStateException("embedded " + count + " of " + segments.size() + " texts");
      }
      System.out.println("ms " + millis);
    }
    System.exit(0);
  }

  private static List<TextSegment> readTexts(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      int count = in.readInt();
      List<TextSegment> segments = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        segments.add(TextSegment.from(in.readUTF()));
      }
      return segments;
    }
  }

  private static void writeVectors(Path file, List<Embedding> embeddings) throws IOException {
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
      out.writeInt(embeddings.size());
      out.writeInt(embeddings.get(0).dimension());
      for (Embedding embedding : embeddings) {
        for (float value : embedding.vector()) {
          out.writeFloat(value);
        }
      }
    }
  }
}
