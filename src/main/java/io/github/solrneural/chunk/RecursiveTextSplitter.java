package io.github.solrneural.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into chunks of at most {@code chunkSize} characters that overlap by up to {@code
 * overlap} characters, cutting at paragraph, then line, then sentence (English or Chinese), then
 * word boundaries, and only within a word when a word alone is too long: the recursive character
 * splitting that RAG pipelines use. Chunks keep their offsets in the source text.
 */
public final class RecursiveTextSplitter {
  private final List<Separator> levels;
  private final int chunkSize;
  private final int overlap;

  public RecursiveTextSplitter(int chunkSize, int overlap) {
    this(Separator.DEFAULTS, chunkSize, overlap);
  }

  /**
   * Splits at the given literal separators instead, in order of preference, as LangChain's
   * RecursiveCharacterTextSplitter does; each stays at the end of the piece it follows. The empty
   * separator splits between any two characters; it is always the last resort, so it may only come
   * last.
   */
  public RecursiveTextSplitter(int chunkSize, int overlap, List<String> separators) {
    this(literals(separators), chunkSize, overlap);
  }

  private RecursiveTextSplitter(List<Separator> levels, int chunkSize, int overlap) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be at least 1, got " + chunkSize);
    }
    if (overlap < 0 || overlap >= chunkSize) {
      throw new IllegalArgumentException(
          "chunk overlap must be at least 0 and below the chunk size " + chunkSize + ", got "
              + overlap);
    }
    this.levels = levels;
    this.chunkSize = chunkSize;
    this.overlap = overlap;
  }

  private static List<Separator> literals(List<String> separators) {
    if (separators.isEmpty()) {
      throw new IllegalArgumentException("give at least one separator");
    }
    List<Separator> levels = new ArrayList<>(separators.size() + 1);
    for (int i = 0; i < separators.size(); i++) {
      if (separators.get(i).isEmpty() && i < separators.size() - 1) {
        throw new IllegalArgumentException(
            "the empty separator (between any two characters) must come last");
      }
      levels.add(Separator.literal(separators.get(i)));
    }
    if (!levels.get(levels.size() - 1).isCharacter()) {
      levels.add(Separator.CHARACTER);
    }
    return List.copyOf(levels);
  }

  public List<Chunk> split(String text) {
    List<Chunk> chunks = new ArrayList<>();
    for (int[] span : splitSpan(text, 0, text.length(), 0)) {
      Chunk chunk = trimmed(text, span[0], span[1]);
      if (chunk != null) {
        chunks.add(chunk);
      }
    }
    return chunks;
  }

  private List<int[]> splitSpan(String text, int start, int end, int firstLevel) {
    int level = firstLevel;
    int last = levels.size() - 1;
    List<Integer> boundaries = levels.get(level).boundaries(text, start, end);
    while (boundaries.isEmpty() && level < last) {
      level++;
      boundaries = levels.get(level).boundaries(text, start, end);
    }
    List<int[]> pieces = piecesBetween(start, end, boundaries);

    List<int[]> result = new ArrayList<>();
    List<int[]> small = new ArrayList<>();
    for (int[] piece : pieces) {
      if (piece[1] - piece[0] <= chunkSize) {
        small.add(piece);
        continue;
      }
      result.addAll(merge(small));
      small.clear();
      if (level == last) {
        result.add(piece);
      } else {
        result.addAll(splitSpan(text, piece[0], piece[1], level + 1));
      }
    }
    result.addAll(merge(small));
    return result;
  }

  private static List<int[]> piecesBetween(int start, int end, List<Integer> boundaries) {
    List<int[]> pieces = new ArrayList<>(boundaries.size() + 1);
    int pieceStart = start;
    for (int boundary : boundaries) {
      pieces.add(new int[] {pieceStart, boundary});
      pieceStart = boundary;
    }
    pieces.add(new int[] {pieceStart, end});
    return pieces;
  }

  /**
   * Joins consecutive pieces (each within the size) into chunks within the size; each new chunk
   * starts with the tail of the previous one, up to the overlap.
   */
  private List<int[]> merge(List<int[]> pieces) {
    List<int[]> chunks = new ArrayList<>();
    int first = 0;
    int total = 0;
    for (int i = 0; i < pieces.size(); i++) {
      int length = pieces.get(i)[1] - pieces.get(i)[0];
      if (total + length > chunkSize && i > first) {
        chunks.add(new int[] {pieces.get(first)[0], pieces.get(i - 1)[1]});
        while (first < i && (total > overlap || total + length > chunkSize)) {
          total -= pieces.get(first)[1] - pieces.get(first)[0];
          first++;
        }
      }
      total += length;
    }
    if (first < pieces.size()) {
      chunks.add(new int[] {pieces.get(first)[0], pieces.get(pieces.size() - 1)[1]});
    }
    return chunks;
  }

  private static Chunk trimmed(String text, int start, int end) {
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    return start == end ? null : new Chunk(text.substring(start, end), start, end);
  }
}
