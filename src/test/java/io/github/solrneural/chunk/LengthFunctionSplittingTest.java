package io.github.solrneural.chunk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.testing.DemoModels;
import java.util.List;
import java.util.function.ToIntFunction;
import org.junit.Test;

/**
 * The splitter with sizes counted by a length function, as token counts are: no chunk above the
 * size by that function, offsets into the text, overlaps within the overlap, and work that grows
 * with the text, not with the candidate chunks. Stand-in tokenizers here: words plus fixed
 * "special tokens"; the real model's tokenizer is checked over Solr (TokenChunkingSolrTest).
 */
public class LengthFunctionSplittingTest {
  /** Like a tokenizer with [CLS] and [SEP]: two tokens more than the words. */
  private static final int SPECIAL = 2;

  private static int words(String text) {
    String trimmed = text.strip();
    return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
  }

  /** Counts its calls and the characters it is given. */
  private static final class Counting implements ToIntFunction<String> {
    final ToIntFunction<String> length;
    long calls;
    long chars;

    Counting(ToIntFunction<String> length) {
      this.length = length;
    }

    @Override
    public int applyAsInt(String text) {
      calls++;
      chars += text.length();
      return length.applyAsInt(text);
    }
  }

  private static List<Chunk> split(String text, int size, int overlap, ToIntFunction<String> len) {
    return new RecursiveTextSplitter(size, overlap).withLength(len).split(text);
  }

  private static void assertWithinAndExact(String text, List<Chunk> chunks, int size,
      ToIntFunction<String> length) {
    for (Chunk chunk : chunks) {
      assertEquals(chunk.text(), text.substring(chunk.start(), chunk.end()));
      int measured = length.applyAsInt(chunk.text());
      assertTrue(measured + " > " + size + ": " + chunk.text(), measured <= size);
    }
  }

  @Test
  public void chunksCountWordsPlusTheFixedTokensAndFillUpToTheSize() {
    String text = DemoModels.demoText();
    ToIntFunction<String> length = t -> SPECIAL + words(t);
    List<Chunk> chunks = split(text, 64, 0, length);
    assertWithinAndExact(text, chunks, 64, length);
    long large = chunks.stream().filter(c -> length.applyAsInt(c.text()) > 32).count();
    assertTrue(large + " of " + chunks.size() + " chunks above half the size",
        large * 10 >= chunks.size() * 8L);
    // Every word is in a chunk: without overlap, the chunks' words add up to the text's.
    assertEquals(words(text), chunks.stream().mapToInt(c -> words(c.text())).sum());
  }

  @Test
  public void overlapsCountInTheSameUnitAndStayWithinIt() {
    String text = DemoModels.demoText();
    ToIntFunction<String> length = t -> SPECIAL + words(t);
    List<Chunk> chunks = split(text, 64, 16, length);
    assertWithinAndExact(text, chunks, 64, length);
    int overlapping = 0;
    for (int i = 1; i < chunks.size(); i++) {
      Chunk previous = chunks.get(i - 1);
      Chunk next = chunks.get(i);
      assertTrue("chunks advance", next.start() > previous.start());
      if (next.start() < previous.end()) {
        overlapping++;
        String shared = text.substring(next.start(), previous.end());
        assertTrue(shared, words(shared) <= 16);
      }
    }
    // Sentences of up to 16 words are carried over; longer ones are not.
    assertTrue(overlapping + " of " + chunks.size(), overlapping * 4 >= chunks.size());
  }

  /**
   * A length that is not the sum of the pieces' (one token more per five words, as subword merges
   * and prefixes make real counts) is measured exactly on each chunk, which is shortened to fit.
   */
  @Test
  public void chunksTheSumOfPiecesUnderCountsAreShortenedToFit() {
    String text = DemoModels.demoText();
    ToIntFunction<String> length = t -> SPECIAL + words(t) + words(t) / 5;
    List<Chunk> chunks = split(text, 48, 8, length);
    assertWithinAndExact(text, chunks, 48, length);
    List<Chunk> summed = split(text, 48, 8, t -> SPECIAL + words(t));
    assertTrue("the plain word count would overfill some chunks",
        summed.stream().anyMatch(c -> length.applyAsInt(c.text()) > 48));
  }

  @Test
  public void aWordOfMoreTokensThanTheSizeIsCutWithinTheSize() {
    // one token per three characters, as a long identifier or URL splits into subwords
    ToIntFunction<String> length = t -> SPECIAL + (t.strip().length() + 2) / 3;
    String text = "see " + "x".repeat(300) + " then more words here";
    List<Chunk> chunks = split(text, 20, 0, length);
    assertWithinAndExact(text, chunks, 20, length);
    assertEquals(text.replace(" ", ""),
        String.join("", chunks.stream().map(Chunk::text).toList()).replace(" ", ""));
  }

  /**
   * A 100 000-character text: each piece is measured once and each chunk once more, so the
   * characters measured stay a small multiple of the text; measuring every candidate chunk would
   * measure each character about as many times as a chunk has pieces.
   */
  @Test
  public void aLongTextIsMeasuredAboutOncePerPieceAndOncePerChunk() {
    StringBuilder long100k = new StringBuilder();
    while (long100k.length() < 100_000) {
      long100k.append(DemoModels.demoText()).append("\n\n");
    }
    String text = long100k.substring(0, 100_000);
    Counting length = new Counting(t -> SPECIAL + words(t));
    List<Chunk> chunks = split(text, 128, 32, length);
    assertWithinAndExact(text, chunks, 128, t -> SPECIAL + words(t));
    long sentences = text.split("(?<=[.!?;:])\\s+|\\n").length;
    assertTrue(length.calls + " calls for " + sentences + " sentences and " + chunks.size()
        + " chunks", length.calls <= 3 * sentences + 2L * chunks.size());
    assertTrue(length.chars + " characters measured", length.chars <= 4L * text.length());
  }

  @Test
  public void charactersStayTheDefaultWithExactSums() {
    String text = DemoModels.demoText();
    assertEquals(new RecursiveTextSplitter(500, 100).split(text),
        new RecursiveTextSplitter(500, 100).withLength(String::length).split(text));
  }

  @Test
  public void theFixedTokensMustLeaveRoom() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> split("some words", 4, 0, t -> 4 + words(t)));
    assertTrue(error.getMessage(), error.getMessage().contains("the empty text alone has size 4"));
  }
}
