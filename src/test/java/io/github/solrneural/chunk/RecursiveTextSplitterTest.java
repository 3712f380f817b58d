package io.github.solrneural.chunk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.testing.DemoModels;
import java.util.List;
import org.junit.Test;

public class RecursiveTextSplitterTest {

  @Test
  public void shortTextIsOneChunk() {
    List<Chunk> chunks = new RecursiveTextSplitter(100, 20).split("  Hello world.  ");
    assertEquals(List.of(new Chunk("Hello world.", 2, 14)), chunks);
  }

  @Test
  public void blankTextHasNoChunks() {
    assertTrue(new RecursiveTextSplitter(100, 20).split(" \n\n ").isEmpty());
  }

  @Test
  public void prefersParagraphsThenSentencesThenWords() {
    String text = "First paragraph here.\n\nSecond one is here. It has two sentences.";
    List<Chunk> chunks = new RecursiveTextSplitter(30, 0).split(text);
    assertEquals(
        List.of("First paragraph here.", "Second one is here.", "It has two sentences."),
        chunks.stream().map(Chunk::text).toList());
  }

  @Test
  public void aWordLongerThanTheChunkIsCutIntoCharacters() {
    List<Chunk> chunks = new RecursiveTextSplitter(4, 0).split("abcdefghij");
    assertEquals(List.of("abcd", "efgh", "ij"), chunks.stream().map(Chunk::text).toList());
  }

  @Test
  public void chunksOverlapByAtMostTheOverlap() {
    String text = "one two three four five six seven eight nine ten eleven twelve";
    List<Chunk> chunks = new RecursiveTextSplitter(20, 10).split(text);
    for (int i = 1; i < chunks.size(); i++) {
      Chunk previous = chunks.get(i - 1);
      Chunk next = chunks.get(i);
      assertTrue("chunks advance", next.start() > previous.start());
      int overlap = Math.max(0, previous.end() - next.start());
      assertTrue("overlap " + overlap, overlap <= 10);
      assertTrue("chunks overlap when words allow", overlap > 0);
    }
  }

  @Test
  public void demoDocumentChunksAreBoundedCoverTheTextAndKeepOffsets() throws Exception {
    String text = DemoModels.demoText();
    List<Chunk> chunks = new RecursiveTextSplitter(500, 100).split(text);
    boolean[] covered = new boolean[text.length()];
    for (Chunk chunk : chunks) {
      assertTrue(chunk.text().length() <= 500);
      assertEquals(chunk.text(), text.substring(chunk.start(), chunk.end()));
      for (int i = chunk.start(); i < chunk.end(); i++) {
        covered[i] = true;
      }
    }
    for (int i = 0; i < text.length(); i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        assertTrue("character " + i + " is in a chunk", covered[i]);
      }
    }
    // 39 kB in chunks of at most 500 characters that advance by at least 400 in the best case
    assertTrue(chunks.size() >= text.length() / 500);
    assertTrue(chunks.size() < text.length() / 200);
  }

  /**
   * Pins the demo document's chunk boundaries as the splitter made them before Chinese sentence
   * ends joined the defaults: English text must be chunked exactly as before.
   */
  @Test
  public void englishChunkBoundariesAreUnchanged() {
    String text = DemoModels.demoText();
    int[][] settings = {{500, 100, 96, -704876711}, {200, 50, 275, 1407119897}, {100, 0, 574, 630988753}};
    for (int[] setting : settings) {
      List<Chunk> chunks = new RecursiveTextSplitter(setting[0], setting[1]).split(text);
      StringBuilder boundaries = new StringBuilder();
      for (Chunk chunk : chunks) {
        boundaries.append(chunk.start()).append(',').append(chunk.end()).append(';');
      }
      assertEquals(setting[0] + "/" + setting[1], setting[2], chunks.size());
      assertEquals(setting[0] + "/" + setting[1], setting[3], boundaries.toString().hashCode());
    }
  }

  @Test
  public void rejectsAnOverlapNotBelowTheSize() {
    assertThrows(IllegalArgumentException.class, () -> new RecursiveTextSplitter(10, 10));
    assertThrows(IllegalArgumentException.class, () -> new RecursiveTextSplitter(0, 0));
  }
}
