package io.github.solrneural.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.remote.ServerOptions;
import io.github.solrneural.settings.SettingException;
import io.github.solrneural.settings.SettingsReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Prefixes without Solr: read exactly, prepended exactly, part of the declared model. */
public class TextPrefixesTest {

  /** Records the texts it is given. */
  private static final class Recording implements TextEmbedder {
    final List<String> seen = new ArrayList<>();

    @Override
    public int dimension() {
      return 2;
    }

    @Override
    public int textsPerCall() {
      return 7;
    }

    @Override
    public String identity() {
      return "recording";
    }

    @Override
    public VectorLength vectorLength() {
      return VectorLength.UNKNOWN;
    }

    @Override
    public List<Embedding> embedAll(List<String> texts) {
      seen.addAll(texts);
      List<Embedding> out = new ArrayList<>();
      for (String text : texts) {
        out.add(new Embedding(new float[] {text.length(), 0}, false));
      }
      return out;
    }
  }

  private static SettingsReader settings(String... pairs) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      values.put(pairs[i], List.of(pairs[i + 1]));
    }
    return new SettingsReader(values, name -> "setting '" + name + "'");
  }

  @Test
  public void queriesAndDocumentsGetTheirOwnPrefixExactly() {
    Recording model = new Recording();
    TextPrefixes e5 = new TextPrefixes("query: ", "passage: ");
    TextEmbedder queries = e5.forQueries(model);
    TextEmbedder documents = e5.forDocuments(model);
    assertEquals("query: economy".length(), queries.embed("economy").vector()[0], 0f);
    documents.embedAll(List.of("a", " b "));
    assertEquals(List.of("query: economy", "passage: a", "passage:  b "), model.seen);
    assertEquals(2, queries.dimension());
    assertEquals(7, documents.textsPerCall());
  }

  @Test
  public void noPrefixLeavesTheEmbedderAsItIs() {
    Recording model = new Recording();
    assertSame(model, TextPrefixes.NONE.forQueries(model));
    assertSame(model, new TextPrefixes("q ", "").forDocuments(model));
  }

  @Test
  public void prefixesArePartOfTheDeclaredModelButNotOfTheLoadedOne() {
    assertNotEquals(new TextPrefixes("query: ", "passage: "), TextPrefixes.NONE);
    assertNotEquals(new TextPrefixes("query: ", ""), new TextPrefixes("query:", ""));
    assertEquals(new TextPrefixes("query: ", "passage: "),
        ModelSettings.prefixes(settings("kind", "embedding", "queryPrefix", "query: ",
            "documentPrefix", "passage: ")));
    // The spec, the key of the loaded model, reads no prefix: one load for both declarations.
    java.nio.file.Path folder = java.nio.file.Path.of("/models/e5");
    assertEquals(
        ModelSettings.read(settings("kind", "embedding", "engine", "OnnxRuntime",
            "queryPrefix", "query: "), folder),
        ModelSettings.read(settings("kind", "embedding", "engine", "OnnxRuntime"), folder));
  }

  @Test
  public void aCrossEncoderWithAPrefixIsAnErrorNamingTheSetting() {
    SettingException error = assertThrows(SettingException.class,
        () -> ModelSettings.prefixes(settings("kind", "cross-encoder", "queryPrefix", "q: ")));
    assertEquals("setting 'queryPrefix' applies to embedding models only, not to a cross-encoder"
        + " model", error.getMessage());
    assertEquals(TextPrefixes.NONE, ModelSettings.prefixes(settings("kind", "cross-encoder")));
  }

  @Test
  public void theScoringServerRefersPrefixesToTheSolrDeclaration() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> ServerOptions.parse("--model", ".", "--engine", "OnnxRuntime", "--kind",
            "embedding", "--queryPrefix", "query: "));
    assertTrue(error.getMessage(), error.getMessage().startsWith("option --queryPrefix is not a"
        + " server option: the server embeds the texts it is sent as given; declare queryPrefix"
        + " on the remote model in solrconfig.xml"));
  }
}
