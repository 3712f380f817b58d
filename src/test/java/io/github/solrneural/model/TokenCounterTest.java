package io.github.solrneural.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.github.solrneural.chunk.Chunk;
import io.github.solrneural.chunk.RecursiveTextSplitter;
import io.github.solrneural.testing.DemoModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The token counter counts what the embedder feeds its model for a document: compared with DJL's
 * HuggingFaceTokenizer over all-MiniLM-L6-v2's tokenizer.json, run untruncated with special tokens,
 * on prefix plus text.
 */
public class TokenCounterTest {
  private static final int MAX_LENGTH = 256;
  private static final String PREFIX = "passage: ";
  private static ModelTokenizer tokenizer;
  private static HuggingFaceTokenizer reference;

  @BeforeClass
  public static void load() throws Exception {
    Path file = DemoModels.prepare().resolve(DemoModels.EMBEDDER).resolve("tokenizer.json");
    tokenizer = ModelTokenizer.load(file, MAX_LENGTH);
    reference = HuggingFaceTokenizer.newInstance(file,
        Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true"));
  }

  @AfterClass
  public static void close() {
    tokenizer.close();
    reference.close();
  }

  private static int referenceCount(String text) {
    return reference.encode(text).getIds().length;
  }

  @Test
  public void countsSpecialTokensAndThePrefixExactly() {
    TokenCounter plain = new TokenCounter(tokenizer, "");
    TokenCounter prefixed = plain.behind(PREFIX);
    assertEquals(2, plain.applyAsInt("")); // [CLS] [SEP]
    assertEquals(referenceCount(PREFIX), prefixed.applyAsInt(""));
    for (String text : List.of("Hello world.", "Tonight, I call on the Senate to pass",
        "Unbelievably longwinded antidisestablishmentarianism", "小孩 ünïcödé")) {
      assertEquals(text, referenceCount(text), plain.applyAsInt(text));
      assertEquals(text, referenceCount(PREFIX + text), prefixed.applyAsInt(text));
      assertTrue(text, prefixed.applyAsInt(text) > plain.applyAsInt(text));
    }
  }

  @Test
  public void aTextTheModelWouldCutCountsAsOneMoreThanTheMaxLength() {
    TokenCounter counter = new TokenCounter(tokenizer, "");
    String demo = DemoModels.demoText();
    assertTrue(referenceCount(demo) > MAX_LENGTH + 1);
    assertEquals(MAX_LENGTH + 1, counter.applyAsInt(demo));
    assertEquals(MAX_LENGTH, counter.maxLength());
    // the longest prefix of the text the model reads whole counts exactly
    String fits = tokenizer.cutAfterMaxLength(demo);
    while (referenceCount(fits) > MAX_LENGTH) {
      fits = fits.substring(0, fits.lastIndexOf(' '));
    }
    assertFalse(tokenizer.encode(fits).truncated());
    assertEquals(referenceCount(fits), counter.applyAsInt(fits));
  }

  /**
   * 100 000 characters chunked by the model's tokens: a tokenizer call per piece and about one
   * per chunk, each on a piece or a chunk, so the characters tokenised stay a small multiple of
   * the text's; counting every candidate chunk would tokenise each character once per piece of
   * its chunk.
   */
  @Test
  public void aLongTextIsChunkedWithAboutOneCountPerPieceAndPerChunk() {
    StringBuilder long100k = new StringBuilder();
    while (long100k.length() < 100_000) {
      long100k.append(DemoModels.demoText()).append("\n\n");
    }
    String text = long100k.substring(0, 100_000);
    TokenCounter counter = new TokenCounter(tokenizer, "").behind(PREFIX);
    long[] calls = new long[2];
    List<Chunk> chunks = new RecursiveTextSplitter(128, 32).withLength(chunk -> {
      calls[0]++;
      calls[1] += chunk.length();
      return counter.applyAsInt(chunk);
    }).split(text);
    for (Chunk chunk : chunks) {
      assertTrue(chunk.text(), referenceCount(PREFIX + chunk.text()) <= 128);
    }
    long sentences = text.split("(?<=[.!?;:])\\s+|\\n").length;
    System.out.printf("100000 characters, %d sentences: %d chunks, %d tokenizer calls on %d"
        + " characters%n", sentences, chunks.size(), calls[0], calls[1]);
    assertTrue(calls[0] + " calls", calls[0] <= 3 * sentences + 2L * chunks.size());
    assertTrue(calls[1] + " characters tokenised", calls[1] <= 4L * text.length());
  }
}
