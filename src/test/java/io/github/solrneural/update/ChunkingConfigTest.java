package io.github.solrneural.update;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.chunk.Chunk;
import io.github.solrneural.chunk.RecursiveTextSplitter;
import java.util.List;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;
import org.junit.Test;

/** The update processor's settings: a mistake stops the core (500) naming the setting. */
public class ChunkingConfigTest {
  private static NamedList<Object> args(Object... more) {
    NamedList<Object> args = new NamedList<>();
    args.add("inputField", "title");
    args.add("inputField", "text");
    args.add("vectorField", "vector");
    args.add("model", "minilm");
    for (int i = 0; i < more.length; i += 2) {
      args.add((String) more[i], more[i + 1]);
    }
    return args;
  }

  private static void assertRefused(NamedList<Object> args, String message) {
    SolrException error = assertThrows(SolrException.class, () -> ChunkingConfig.from(args));
    assertEquals(500, error.code());
    assertTrue(error.getMessage(), error.getMessage().startsWith(message));
  }

  private static final String OF = " of ChunkingEmbeddingUpdateProcessorFactory in solrconfig.xml";

  @Test
  public void defaultsAndRepeatedInputFields() {
    ChunkingConfig config = ChunkingConfig.from(args("chunking", "FALSE", "chunkSize", 300));
    assertEquals(List.of("title", "text"), config.inputFields());
    assertEquals(false, config.chunking());
    assertEquals(300, config.chunkSize());
    assertEquals(EmbeddingFailurePolicy.FAIL, config.onEmbeddingFailure());
  }

  @Test
  public void aBadBooleanNumberChoiceOrUnknownSettingIsNamed() {
    assertRefused(args("chunking", "yes"), "setting 'chunking'" + OF + " must be true or false, got 'yes'");
    assertRefused(args("chunkSize", "big"), "setting 'chunkSize'" + OF + " must be an integer, got 'big'");
    assertRefused(args("maxInputChars", 0), "setting 'maxInputChars'" + OF + " must be at least 1, got 0");
    assertRefused(args("chunkOverlap", 500), "setting 'chunkOverlap'" + OF + " must be below chunkSize=500");
    assertRefused(args("onEmbeddingFailure", "skip"),
        "setting 'onEmbeddingFailure'" + OF + " must be one of fail, mark; got 'skip'");
    assertRefused(args("chunkSise", 300), "unknown setting 'chunkSise'" + OF + "; known: [");
    NamedList<Object> noInput = new NamedList<>();
    noInput.add("vectorField", "vector");
    assertRefused(noInput, "setting 'inputField'" + OF + " is required");
  }

  private static List<String> texts(List<Chunk> chunks) {
    return chunks.stream().map(Chunk::text).toList();
  }

  @Test
  public void separatorsAreReadInOrderWithEscapes() {
    assertEquals(List.of(), ChunkingConfig.from(args()).separators());
    ChunkingConfig config = ChunkingConfig.from(
        args("separators", "\\n\\n", "separators", "\\n", "separators", "。", "separators", " ",
            "separators", ""));
    assertEquals(List.of("\n\n", "\n", "。", " ", ""), config.separators());
    ChunkingConfig custom =
        ChunkingConfig.from(args("chunkSize", 6, "chunkOverlap", 0, "separators", "|"));
    assertEquals(List.of("ab. c|", "d. e"),
        texts(custom.splitter(RecursiveTextSplitter.CHARACTERS).split("ab. c|d. e")));
    ChunkingConfig defaults = ChunkingConfig.from(args("chunkSize", 6, "chunkOverlap", 0));
    assertEquals(List.of("ab.", "c|d.", "e"),
        texts(defaults.splitter(RecursiveTextSplitter.CHARACTERS).split("ab. c|d. e")));
    assertRefused(args("separators", "\\s"),
        "setting 'separators'" + OF + " has an unknown escape '\\s'");
    assertRefused(args("separators", "", "separators", "\\n"),
        "setting 'separators'" + OF + " cannot be used: the empty separator (between any two characters) must come last");
  }

  @Test
  public void theChunkUnitIsCharactersUnlessTokensAreAsked() {
    assertEquals(ChunkUnit.CHARS, ChunkingConfig.from(args()).chunkUnit());
    assertEquals(ChunkUnit.TOKENS, ChunkingConfig.from(args("chunkUnit", "Tokens")).chunkUnit());
    assertEquals(ChunkUnit.CHARS, ChunkingConfig.from(args("chunkUnit", "chars")).chunkUnit());
    assertRefused(args("chunkUnit", "words"),
        "setting 'chunkUnit'" + OF + " must be one of chars, tokens; got 'words'");
    assertRefused(args("chunkUnit", "tokens", "chunkSize", 64, "chunkOverlap", 64),
        "setting 'chunkOverlap'" + OF + " must be below chunkSize=64");
  }
}
