package io.github.solrneural.update;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.chunk.RecursiveTextSplitter;
import io.github.solrneural.model.Embedder;
import io.github.solrneural.model.Embedding;
import io.github.solrneural.model.LoadedModel;
import io.github.solrneural.model.ModelEngine;
import io.github.solrneural.model.ModelKind;
import io.github.solrneural.model.ModelRegistry;
import io.github.solrneural.model.ModelSpec;
import io.github.solrneural.model.TextEmbedder;
import io.github.solrneural.model.TextPrefixes;
import io.github.solrneural.settings.SettingException;
import io.github.solrneural.testing.DemoModels;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToIntFunction;
import org.apache.solr.common.util.NamedList;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * chunkUnit=tokens against the embedder: its own tokenizer or a clear error naming the setting at
 * fault, checked without Solr over the tiny embedder (128 tokens).
 */
public class ChunkLengthTest {
  private static final String OF = " of ChunkingEmbeddingUpdateProcessorFactory in solrconfig.xml";
  private static final ModelSpec SPEC = ModelSpec.builder(
      DemoModels.projectDir().resolve("src/test/resources/tiny-models/tiny-embedder")
          .toAbsolutePath().normalize(), ModelEngine.ONNX_RUNTIME, ModelKind.EMBEDDING)
      .maxLength(128).build();
  private static LoadedModel model;

  @BeforeClass
  public static void load() throws Exception {
    model = ModelRegistry.get().acquire(SPEC);
  }

  @AfterClass
  public static void release() {
    ModelRegistry.get().release(SPEC);
  }

  /** A remote embedder: it tokenises nothing here. */
  private static final TextEmbedder REMOTE = new TextEmbedder() {
    @Override
    public String identity() {
      return "remote stand-in";
    }

    @Override
    public int dimension() {
      return 32;
    }

    @Override
    public int textsPerCall() {
      return 1;
    }

    @Override
    public VectorLength vectorLength() {
      return VectorLength.UNKNOWN;
    }

    @Override
    public List<Embedding> embedAll(List<String> texts) {
      throw new AssertionError("not called");
    }
  };

  private static ToIntFunction<String> lengthOf(TextEmbedder embedder, Object... settings) {
    NamedList<Object> args = new NamedList<>();
    args.add("inputField", "text");
    args.add("vectorField", "vector");
    args.add("model", "tiny");
    for (int i = 0; i < settings.length; i += 2) {
      args.add((String) settings[i], settings[i + 1]);
    }
    return ChunkLength.of(ChunkingConfig.from(args), embedder, ChunkingConfig.settingsOf(args));
  }

  private static void assertRefused(String message, TextEmbedder embedder, Object... settings) {
    SettingException error =
        assertThrows(SettingException.class, () -> lengthOf(embedder, settings));
    assertTrue(error.getMessage(), error.getMessage().startsWith(message));
  }

  @Test
  public void charactersNeedNoTokenizer() {
    assertSame(RecursiveTextSplitter.CHARACTERS, lengthOf(REMOTE, "chunkSize", 300));
  }

  @Test
  public void tokensCountTheDocumentPrefixAndSpecialTokens() {
    TextEmbedder plain = new Embedder(model);
    TextEmbedder e5 = new TextPrefixes("query: ", "passage: ").forDocuments(plain);
    ToIntFunction<String> plainLength = lengthOf(plain, "chunkUnit", "tokens", "chunkSize", 64,
        "chunkOverlap", 8);
    ToIntFunction<String> e5Length = lengthOf(e5, "chunkUnit", "tokens", "chunkSize", 64,
        "chunkOverlap", 8);
    String text = "Jobs, prices and inflation move together.";
    assertEquals(plainLength.applyAsInt("passage: " + text), e5Length.applyAsInt(text));
    assertEquals(model.tokenizer().encode(text).length(), plainLength.applyAsInt(text));
  }

  @Test
  public void aRemoteModelCannotCountTokens() {
    assertRefused("setting 'chunkUnit'" + OF + " is 'tokens', which counts the model's own tokens,"
        + " but model 'tiny' is remote", REMOTE, "chunkUnit", "tokens", "chunkSize", 64,
        "chunkOverlap", 8);
  }

  @Test
  public void aChunkSizeAboveTheModelsMaxLengthIsRefused() {
    assertRefused("setting 'chunkSize'" + OF + " is 129 tokens (chunkUnit=tokens), above the"
        + " maxLength 128 of model 'tiny'", new Embedder(model), "chunkUnit", "tokens",
        "chunkSize", 129);
    lengthOf(new Embedder(model), "chunkUnit", "tokens", "chunkSize", 128);
  }

  @Test
  public void aChunkSizeThePrefixAndSpecialTokensFillIsRefused() {
    TextEmbedder e5 = new TextPrefixes("", "passage: ").forDocuments(new Embedder(model));
    int fixed = model.tokenizer().encode("passage: ").length();
    assertRefused("setting 'chunkSize'" + OF + " is " + fixed + " tokens (chunkUnit=tokens), but"
        + " the document prefix and special tokens of model 'tiny' alone take " + fixed, e5,
        "chunkUnit", "tokens", "chunkSize", fixed, "chunkOverlap", 0);
  }
}
