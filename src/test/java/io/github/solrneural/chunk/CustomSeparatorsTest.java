package io.github.solrneural.chunk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

/** A list of literal separators replaces the default ones, as LangChain's separators do. */
public class CustomSeparatorsTest {
  private static List<String> split(int size, int overlap, List<String> separators, String text) {
    return new RecursiveTextSplitter(size, overlap, separators).split(text).stream()
        .map(Chunk::text)
        .toList();
  }

  @Test
  public void theListReplacesTheDefaultsAndEachSeparatorEndsThePieceBeforeIt() {
    String text = "alpha. beta|gamma. delta";
    assertEquals(List.of("alpha. beta|", "gamma. delta"), split(12, 0, List.of("|"), text));
    assertEquals(List.of("alpha.", "beta|gamma.", "delta"),
        new RecursiveTextSplitter(12, 0).split(text).stream().map(Chunk::text).toList());
  }

  @Test
  public void separatorsAreTriedInOrderOfPreference() {
    assertEquals(
        List.of("甲，乙，", "丙", "丁，戊"), split(6, 0, List.of("\n\n", "，"), "甲，乙，丙\n\n丁，戊"));
  }

  @Test
  public void whenNoSeparatorFitsTheTextIsCutIntoCharacters() {
    assertEquals(List.of("abcd", "efgh", "ij"), split(4, 0, List.of("|"), "abcdefghij"));
    assertEquals(List.of("abcd", "efgh", "ij"), split(4, 0, List.of("|", ""), "abcdefghij"));
  }

  @Test
  public void overlapIsRespected() {
    assertEquals(
        List.of("a|b|", "b|c|", "c|d|", "d|e|", "e|f"), split(4, 2, List.of("|"), "a|b|c|d|e|f"));
  }

  @Test
  public void offsetsMapBackToTheSource() {
    String text = "one;;two;;three;;four";
    List<Chunk> chunks = new RecursiveTextSplitter(10, 0, List.of(";;")).split(text);
    assertEquals(List.of("one;;two;;", "three;;", "four"), chunks.stream().map(Chunk::text).toList());
    for (Chunk chunk : chunks) {
      assertEquals(chunk.text(), text.substring(chunk.start(), chunk.end()));
    }
  }

  @Test
  public void anEmptyListOrAnEmptySeparatorBeforeOthersIsRefused() {
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> new RecursiveTextSplitter(10, 0, List.of()));
    assertTrue(empty.getMessage(), empty.getMessage().contains("at least one separator"));
    IllegalArgumentException first = assertThrows(IllegalArgumentException.class,
        () -> new RecursiveTextSplitter(10, 0, List.of("", "\n")));
    assertTrue(first.getMessage(), first.getMessage().contains("must come last"));
  }
}
