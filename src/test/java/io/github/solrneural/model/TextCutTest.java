package io.github.solrneural.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.github.solrneural.testing.DemoModels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A text is cut to what the model reads before it is tokenised, and the cut text gives the same
 * tokens as the whole one, checked against the HuggingFace tokenizer fed the whole text, with the
 * demo embedder's and the shipped reranker's own tokenizers.
 */
public class TextCutTest {
  private static final int MAX_LENGTH = 256;
  private static final int TEXT_CHARS = 80_000;
  private static final Map<String, String> TEXTS = new LinkedHashMap<>();
  private static List<Path> tokenizerFiles;

  @BeforeClass
  public static void texts() {
    tokenizerFiles =
        List.of(
            DemoModels.prepare().resolve(DemoModels.EMBEDDER).resolve("tokenizer.json"),
            DemoModels.projectDir().resolve("models/" + DemoModels.RERANKER + "/tokenizer.json"));
    TEXTS.put("prose", repeatTo(DemoModels.demoText(), TEXT_CHARS));
    TEXTS.put("no spaces, punctuation", repeatTo("a.", TEXT_CHARS));
    // WordPiece reads it as one [UNK], cut or not.
    TEXTS.put("no spaces, one giant word", repeatTo("abcdefghij", TEXT_CHARS));
    TEXTS.put("multi-byte, no spaces", repeatTo("😀é漢字ü𝔘ñ한국어", TEXT_CHARS));
    TEXTS.put("multi-byte words", repeatTo("😀 l'économie 🚀 mondiale 漢字 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ", TEXT_CHARS));
    TEXTS.put("long words of many pieces",
        repeatTo("pneumonoultramicroscopicsilicovolcanoconiosisqzxjvkwyp ", TEXT_CHARS));
    // Over 100 characters: WordPiece reads each word as one [UNK], 121 characters a token. The
    // default bound covers up to 128 characters a token, so the whole text's first tokens lie in it.
    TEXTS.put("words too long for the vocabulary", repeatTo("x".repeat(120) + " ", TEXT_CHARS));
  }

  private static String repeatTo(String unit, int chars) {
    StringBuilder text = new StringBuilder();
    while (text.length() < chars) {
      text.append(unit);
    }
    return text.toString();
  }

  /** The tokenizer as ModelTokenizer opens it, fed the whole text. */
  private static HuggingFaceTokenizer uncut(Path file, String truncation) throws Exception {
    String length = Integer.toString(MAX_LENGTH);
    return HuggingFaceTokenizer.newInstance(file, Map.of("truncation", truncation,
        "padding", "false", "maxLength", length, "modelMaxLength", length,
        "addSpecialTokens", "true"));
  }

  @Test
  public void everyTextGivesTheTokensOfTheWholeTextFromAPrefixWithinTheBound() throws Exception {
    for (Path file : tokenizerFiles) {
      try (ModelTokenizer tokenizer = ModelTokenizer.load(file, MAX_LENGTH);
          HuggingFaceTokenizer whole = uncut(file, "LONGEST_FIRST")) {
        assertEquals(MAX_LENGTH * 128, tokenizer.maxTokenizedChars());
        for (Map.Entry<String, String> text : TEXTS.entrySet()) {
          String what = file.getParent().getFileName() + ", " + text.getKey();
          Encoding expected = whole.encode(text.getValue());
          TokenSequence actual = tokenizer.encode(text.getValue());
          assertArrayEquals(what, expected.getIds(), actual.ids());
          assertTrue(what + ": counted as truncated", actual.truncated());
          String cut = tokenizer.cutAfterMaxLength(text.getValue());
          assertTrue(what + ": a prefix", text.getValue().startsWith(cut));
          assertTrue(what + ": " + cut.length() + " chars read",
              cut.length() <= tokenizer.maxTokenizedChars());
          assertArrayEquals(what, expected.getIds(), whole.encode(cut).getIds());
        }
      }
    }
  }

  @Test
  public void pairsOfLongTextsGiveTheTokensOfTheWholeTexts() throws Exception {
    String shortQuery = "What is the plan for the economy?";
    for (Path file : tokenizerFiles) {
      try (ModelTokenizer tokenizer = ModelTokenizer.load(file, MAX_LENGTH);
          HuggingFaceTokenizer passageOnly = uncut(file, "ONLY_SECOND");
          HuggingFaceTokenizer longestFirst = uncut(file, "LONGEST_FIRST")) {
        for (Map.Entry<String, String> text : TEXTS.entrySet()) {
          String what = file.getParent().getFileName() + ", " + text.getKey();
          String passage = text.getValue();
          assertArrayEquals(what, passageOnly.encode(shortQuery, passage).getIds(),
              tokenizer.encodePair(shortQuery, passage).ids());
          // A query too long to pair: both are cut longest-first. (The whole texts are kept
          // shorter here: HuggingFace's longest-first truncation makes every pair of overflowing
          // windows, so its memory grows with the product of the two lengths.)
          String longQuery = TEXTS.get("prose").substring(0, 10_000);
          passage = passage.substring(0, 40_000);
          long[] expected = longestFirst.encode(longQuery, passage).getIds();
          assertEquals(MAX_LENGTH, expected.length);
          assertArrayEquals(what, expected, tokenizer.encodePair(longQuery, passage).ids());
          Encoding whole = longestFirst.encode(longQuery, passage);
          assertSameSegmentsUpToTheMiddleToken(what, whole, tokenizer.encodePairOfCutQuery(
              tokenizer.cutAfterMaxLength(longQuery), passage));
        }
      }
    }
  }

  /**
   * When both texts are longer than half the pair, longest-first truncation gives each half and
   * the odd middle token to the longer whole text; a query cut to the tokens the model reads may
   * no longer be the longer one. Each text keeps the same first tokens, one more or one fewer.
   */
  private static void assertSameSegmentsUpToTheMiddleToken(
      String what, Encoding whole, TokenSequence cut) {
    assertEquals(what, whole.getIds().length, cut.ids().length);
    int wholeQueryEnd = segmentEnd(whole.getTypeIds());
    int cutQueryEnd = segmentEnd(cut.typeIds());
    assertTrue(what + ": query of " + wholeQueryEnd + " vs " + cutQueryEnd + " tokens",
        Math.abs(wholeQueryEnd - cutQueryEnd) <= 1);
    int queryEnd = Math.min(wholeQueryEnd, cutQueryEnd) - 1; // before its [SEP]
    assertArrayEquals(what, Arrays.copyOf(whole.getIds(), queryEnd),
        Arrays.copyOf(cut.ids(), queryEnd));
    int passageLength = Math.min(whole.getIds().length - wholeQueryEnd,
        cut.ids().length - cutQueryEnd) - 1;
    assertArrayEquals(what,
        Arrays.copyOfRange(whole.getIds(), wholeQueryEnd, wholeQueryEnd + passageLength),
        Arrays.copyOfRange(cut.ids(), cutQueryEnd, cutQueryEnd + passageLength));
  }

  private static int segmentEnd(long[] typeIds) {
    int end = 0;
    while (typeIds[end] == 0) {
      end++;
    }
    return end;
  }

  @Test
  public void aShortTextIsReadWhole() throws Exception {
    try (ModelTokenizer tokenizer = ModelTokenizer.load(tokenizerFiles.get(0), MAX_LENGTH);
        HuggingFaceTokenizer whole = uncut(tokenizerFiles.get(0), "LONGEST_FIRST")) {
      String text = DemoModels.demoText().substring(0, 600);
      TokenSequence tokens = tokenizer.encode(text);
      assertArrayEquals(whole.encode(text).getIds(), tokens.ids());
      assertTrue("fewer tokens than the model reads", tokens.ids().length < MAX_LENGTH);
      assertEquals(false, tokens.truncated());
    }
  }

  @Test
  public void nothingBeyondMaxTokenizedCharsIsRead() throws Exception {
    // Whitespace makes no tokens: this text's second word lies beyond any bound.
    String text = "economy" + " ".repeat(100_000) + "prices";
    Path file = tokenizerFiles.get(0);
    try (ModelTokenizer tokenizer = ModelTokenizer.load(file, MAX_LENGTH);
        HuggingFaceTokenizer whole = uncut(file, "LONGEST_FIRST")) {
      TokenSequence read = tokenizer.encode(text);
      assertEquals("[CLS] economy [SEP]", 3, read.ids().length);
      assertTrue("counted as truncated", read.truncated());
      assertNotEquals(whole.encode(text).getIds().length, read.ids().length);
      assertEquals("[CLS] economy [SEP] prices [SEP]", 5,
          tokenizer.encodePair(text, "prices").ids().length);
    }
    // A bound set lower than the default
    String prose = TEXTS.get("prose");
    try (ModelTokenizer tokenizer = ModelTokenizer.load(file, MAX_LENGTH, 400);
        HuggingFaceTokenizer whole = uncut(file, "LONGEST_FIRST")) {
      assertEquals(400, tokenizer.maxTokenizedChars());
      String cut = tokenizer.cutAfterMaxLength(prose);
      assertTrue(cut.length() + " chars", cut.length() <= 400);
      long[] fromTheCut = whole.encode(cut).getIds();
      assertTrue("fewer tokens than the model reads", fromTheCut.length < MAX_LENGTH);
      assertArrayEquals(fromTheCut, tokenizer.encode(prose).ids());
      assertTrue(tokenizer.encode(prose).truncated());
    }
  }
}
