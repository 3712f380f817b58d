package io.github.solrneural.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.testing.DemoModels;
import java.nio.file.Path;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A long query is cut once to the tokens the model reads, at a word end, before it is paired with
 * each passage: the cut text encodes exactly as the whole text does.
 */
public class LongQueryCutTest {
  private static final int MAX_LENGTH = 256;
  private static ModelTokenizer tokenizer;

  @BeforeClass
  public static void loadTokenizer() throws Exception {
    Path file = DemoModels.projectDir().resolve("models/scifact-minilm-ce/tokenizer.json");
    tokenizer = ModelTokenizer.load(file, MAX_LENGTH);
  }

  @AfterClass
  public static void closeTokenizer() {
    tokenizer.close();
  }

  private static String repeatTo(String unit, int chars) {
    StringBuilder text = new StringBuilder();
    while (text.length() < chars) {
      text.append(unit);
    }
    return text.toString();
  }

  private static void assertCutEncodesAsTheWhole(String whole, String cut) {
    assertTrue("a prefix", whole.startsWith(cut));
    TokenSequence wholeTokens = tokenizer.encode(whole);
    TokenSequence cutTokens = tokenizer.encode(cut);
    assertEquals(MAX_LENGTH, wholeTokens.ids().length);
    assertArrayEquals(wholeTokens.ids(), cutTokens.ids());
  }

  @Test
  public void aShortTextIsLeftAsItIs() {
    String query = "What is the plan for the economy?";
    assertSame(query, tokenizer.cutAfterMaxLength(query));
  }

  @Test
  public void a100KbTextIsCutAtAWordEndAfterTheTokensTheModelReads() {
    String whole = repeatTo(DemoModels.demoText(), 100_000);
    String cut = tokenizer.cutAfterMaxLength(whole);
    assertTrue("cut to a few kB: " + cut.length(), cut.length() < 5_000);
    assertTrue("at a word end", Character.isWhitespace(whole.charAt(cut.length())));
    assertCutEncodesAsTheWhole(whole, cut);
  }

  @Test
  public void offsetsCountCodePointsSoTextBeyondTheBasicPlaneIsCutRight() {
    String whole = repeatTo("😀 l'économie 🚀 mondiale va croître 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ", 100_000);
    String cut = tokenizer.cutAfterMaxLength(whole);
    assertTrue(cut.length() < 5_000);
    assertFalse("no half surrogate pair at the end",
        Character.isHighSurrogate(cut.charAt(cut.length() - 1)));
    assertCutEncodesAsTheWhole(whole, cut);
  }

  @Test
  public void aTextWithoutSpacesIsCutSoonAfterTheTokensTheModelReads() {
    // Punctuation splits it into many tokens, but there is no word end to stop at.
    String whole = repeatTo("a.", 100_000);
    String cut = tokenizer.cutAfterMaxLength(whole);
    assertTrue("cut within the word tail: " + cut.length(),
        cut.length() <= 2 * MAX_LENGTH + ModelTokenizer.MAX_WORD_TAIL);
    assertCutEncodesAsTheWhole(whole, cut);
  }
}
