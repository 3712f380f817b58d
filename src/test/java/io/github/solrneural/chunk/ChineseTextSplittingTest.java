package io.github.solrneural.chunk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.github.solrneural.testing.DemoModels;
import java.util.List;
import org.junit.Test;

/** Chinese text is cut at 。！？； (kept with their sentence) before single characters. */
public class ChineseTextSplittingTest {
  private static final String SENTENCE_END = "。！？；";

  static String topics() {
    return DemoModels.resourceText("/chinese/topics.txt");
  }

  private static List<String> texts(List<Chunk> chunks) {
    return chunks.stream().map(Chunk::text).toList();
  }

  /** Ends at a sentence end, maybe followed by a closing quotation mark. */
  static boolean endsASentence(String text) {
    String end = text.endsWith("”") ? text.substring(0, text.length() - 1) : text;
    return !end.isEmpty() && SENTENCE_END.indexOf(end.charAt(end.length() - 1)) >= 0;
  }

  @Test
  public void chunksOfAChineseDocumentEndAtSentenceEndsWithinTheSizeAndOverlap() throws Exception {
    String text = topics();
    int[][] sizesAndOverlaps = {{100, 30}, {60, 0}, {150, 40}};
    for (int[] setting : sizesAndOverlaps) {
      int size = setting[0];
      int overlap = setting[1];
      List<Chunk> chunks = new RecursiveTextSplitter(size, overlap).split(text);
      assertTrue(size + ": several chunks", chunks.size() > text.length() / size);
      boolean[] covered = new boolean[text.length()];
      boolean anyOverlap = false;
      for (int i = 0; i < chunks.size(); i++) {
        Chunk chunk = chunks.get(i);
        assertTrue(size + ": " + chunk.text(), chunk.text().length() <= size);
        assertTrue(size + ": " + chunk.text(), endsASentence(chunk.text()));
        assertEquals(chunk.text(), text.substring(chunk.start(), chunk.end()));
        for (int c = chunk.start(); c < chunk.end(); c++) {
          covered[c] = true;
        }
        if (i > 0) {
          Chunk previous = chunks.get(i - 1);
          assertTrue("chunks advance", chunk.start() > previous.start());
          int shared = Math.max(0, previous.end() - chunk.start());
          assertTrue(size + ": overlap " + shared, shared <= overlap);
          anyOverlap |= shared > 0;
          // An overlapping chunk starts where a sentence starts too.
          assertTrue(chunk.text(), shared == 0 || endsASentence(text.substring(0, chunk.start())));
        }
      }
      assertEquals(size + ": chunks overlap when sentences allow", overlap > 0, anyOverlap);
      for (int c = 0; c < text.length(); c++) {
        assertTrue("character " + c + " is in a chunk", covered[c] || Character.isWhitespace(text.charAt(c)));
      }
    }
  }

  @Test
  public void aClosingQuotationMarkStaysWithItsSentence() {
    String text = "人们常问：“熊猫为什么是黑白色的？”科学家认为，颜色有助于隐藏。";
    assertEquals(
        List.of("人们常问：“熊猫为什么是黑白色的？”", "科学家认为，颜色有助于隐藏。"),
        texts(new RecursiveTextSplitter(20, 0).split(text)));
  }

  @Test
  public void consecutiveSentenceEndsStayTogether() {
    assertEquals(
        List.of("你来了吗？！", "我来了。"),
        texts(new RecursiveTextSplitter(6, 0).split("你来了吗？！我来了。")));
  }

  @Test
  public void aSentenceLongerThanTheChunkIsCutIntoCharacters() {
    assertEquals(
        List.of("一二三四", "五六七八", "九十。", "好。"),
        texts(new RecursiveTextSplitter(4, 0).split("一二三四五六七八九十。好。")));
  }

  @Test
  public void sentencesAfterWhitespaceKeepTheirOffsets() {
    String text = "第一句。 第二句；\n第三句！";
    List<Chunk> chunks = new RecursiveTextSplitter(5, 0).split(text);
    assertEquals(List.of("第一句。", "第二句；", "第三句！"), texts(chunks));
    for (Chunk chunk : chunks) {
      assertEquals(chunk.text(), text.substring(chunk.start(), chunk.end()));
    }
  }
}
