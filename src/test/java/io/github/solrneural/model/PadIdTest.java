package io.github.solrneural.model;

import static org.junit.Assert.assertEquals;

import java.io.StringReader;
import org.junit.Test;

/** Where the pad id of a tokenizer.json comes from. */
public class PadIdTest {
  private static final String ADDED =
      "\"added_tokens\": [{\"id\": 0, \"content\": \"<s>\"}, {\"id\": 1, \"content\": \"<pad>\"}]";

  @Test
  public void thePaddingSectionWins() throws Exception {
    assertEquals(7, read("{\"padding\": {\"pad_id\": 7, \"pad_token\": \"x\"}, " + ADDED + "}"));
  }

  @Test
  public void elseThePadTokenAmongTheAddedTokens() throws Exception {
    assertEquals(
        1, read("{\"padding\": null, " + ADDED + ", \"model\": {\"vocab\": [[\"a\", 1]]}}"));
    assertEquals(
        5, read("{\"added_tokens\": [{\"content\": \"[PAD]\", \"special\": true, \"id\": 5}]}"));
  }

  @Test
  public void elseZero() throws Exception {
    assertEquals(0, read("{\"added_tokens\": [{\"id\": 0, \"content\": \"<s>\"}]}"));
    assertEquals(0, read("{}"));
  }

  @Test
  public void theShippedTokenizersPadAsTheirModelsExpect() throws Exception {
    assertEquals(0, padId(TinyModels.DIR.resolve("tokenizer.json"))); // padding.pad_id
    assertEquals(
        0, padId(TinyModels.DIR.resolve(FamilyModels.DISTILBERT).resolve("tokenizer.json")));
    assertEquals(1, padId(TinyModels.DIR.resolve(FamilyModels.XLMR).resolve("tokenizer.json")));
  }

  private static long read(String json) throws Exception {
    return PadId.read(new StringReader(json));
  }

  private static long padId(java.nio.file.Path file) throws Exception {
    try (ModelTokenizer tokenizer = ModelTokenizer.load(file, 16)) {
      return tokenizer.padId();
    }
  }
}
