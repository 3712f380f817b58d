package io.github.solrneural.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.github.solrneural.testing.DemoModels;
import java.nio.file.Path;
import java.util.Map;
import org.junit.Test;

/**
 * The plugin's tokenizer cuts texts and pairs exactly as the tokenizers library's own truncation
 * does: a text to its first tokens; a pair by cutting only the passage while the query leaves it
 * room ("only_second"), else both ("longest_first"). The reference is the library, configured with
 * those truncations, on the texts as {@link TextCut} leaves them (as the plugin reads them); every
 * length of query around the limit is tried against short and long passages, so each branch and
 * its edges are hit.
 */
public class TokenizerTruncationTest {
  private static final int MAX_LENGTH = 16;

  @Test
  public void theMiniLmCrossEncoderTokenizerCutsAsTheLibraryDoes() throws Exception {
    checkAgainstLibrary(DemoModels.projectDir().resolve("models/scifact-minilm-ce/tokenizer.json"));
  }

  @Test
  public void theTinyTokenizerCutsAsTheLibraryDoes() throws Exception {
    checkAgainstLibrary(TinyModels.DIR.resolve("tokenizer.json"));
  }

  private static HuggingFaceTokenizer library(Path file, String truncation) throws Exception {
    String length = Integer.toString(MAX_LENGTH);
    return HuggingFaceTokenizer.newInstance(file, Map.of("truncation", truncation,
        "padding", "false", "maxLength", length, "modelMaxLength", length,
        "addSpecialTokens", "true"));
  }

  private static void checkAgainstLibrary(Path file) throws Exception {
    try (ModelTokenizer tokenizer = ModelTokenizer.load(file, MAX_LENGTH);
        HuggingFaceTokenizer longestFirst = library(file, "LONGEST_FIRST");
        HuggingFaceTokenizer onlySecond = library(file, "ONLY_SECOND")) {
      TextCut textCut = new TextCut(MAX_LENGTH, TextCut.defaultMaxChars(MAX_LENGTH),
          text -> longestFirst.encode(text).exceedMaxLength());
      int pairs = 0;
      for (int queryWords = 0; queryWords <= MAX_LENGTH + 4; queryWords++) {
        String query = words("economy", queryWords);
        String readQuery = textCut.cut(query);
        assertSame("text of " + queryWords + " words", longestFirst.encode(readQuery),
            !readQuery.equals(query), tokenizer.encode(query));
        for (int passageWords : new int[] {0, 1, 2, 5, MAX_LENGTH / 2, MAX_LENGTH, 3 * MAX_LENGTH}) {
          String passage = words("jobs", passageWords);
          String readPassage = textCut.cut(passage);
          Encoding expected;
          try {
            expected = onlySecond.encode(readQuery, readPassage);
          } catch (RuntimeException queryLeavesNoRoom) {
            expected = longestFirst.encode(readQuery, readPassage);
          }
          String label = queryWords + " query words, " + passageWords + " passage words";
          assertSame(label, expected, !readPassage.equals(passage),
              tokenizer.encodePair(query, passage));
          pairs++;
        }
      }
      assertEquals((MAX_LENGTH + 5) * 7, pairs);
    }
  }

  /** A text of {@code count} words, some of them split in several tokens. */
  private static String words(String word, int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append(i % 3 == 2 ? "unaffordable" : word).append(i % 4 == 3 ? ", " : " ");
    }
    return text.toString().trim();
  }

  private static void assertSame(
      String label, Encoding expected, boolean textCut, TokenSequence actual) {
    assertArrayEquals(label + ": ids", expected.getIds(), actual.ids());
    assertArrayEquals(label + ": type ids", expected.getTypeIds(), actual.typeIds());
    assertEquals(label + ": truncated", expected.exceedMaxLength() || textCut, actual.truncated());
  }
}
