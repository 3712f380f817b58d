package io.github.solrneural.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Splits text into chunks of at most {@code chunkSize} characters that overlap by up to {@code
 * overlap} characters, cutting at paragraph, then line, then sentence (English or Chinese), then
 * word boundaries, and only within a word when a word alone is too long: the recursive character
 * splitting that RAG pipelines use. Chunks keep their offsets in the source text.
 *
 * <p>Sizes may count something else than characters, such as a model's tokens ({@link
 * #withLength}), as LangChain's {@code from_huggingface_tokenizer} does. Each piece is measured
 * once; a chunk's size is estimated as the length of the empty text (a model's special tokens and
 * prefix) plus each piece's length beyond it, then measured once exactly, and shortened piece by
 * piece while the estimate fell short. So a text costs about one measure per piece and one per
 * chunk, never one per candidate chunk.
 */
public final class RecursiveTextSplitter {
  /** Measures in characters (UTF-16 units), whose sums are exact. */
  public static final ToIntFunction<String> CHARACTERS = String::length;

  private final List<Separator> levels;
  private final int chunkSize;
  private final int overlap;
  private final ToIntFunction<String> length;

  public RecursiveTextSplitter(int chunkSize, int overlap) {
    this(Separator.DEFAULTS, chunkSize, overlap, CHARACTERS);
  }

  /**
   * Splits at the given literal separators instead, in order of preference, as LangChain's
   * RecursiveCharacterTextSplitter does; each stays at the end of the piece it follows. The empty
   * separator splits between any two characters; it is always the last resort, so it may only come
   * last.
   */
  public RecursiveTextSplitter(int chunkSize, int overlap, List<String> separators) {
    this(literals(separators), chunkSize, overlap, CHARACTERS);
  }

  /**
   * This splitter with sizes in another unit: {@code length} gives the size of a text, such as its
   * token count. The length of the empty text is what every chunk costs anyway, so it must stay
   * below the chunk size. A length that is only known to exceed some limit may return any number
   * above the chunk size for a longer text.
   */
  public RecursiveTextSplitter withLength(ToIntFunction<String> length) {
    return new RecursiveTextSplitter(levels, chunkSize, overlap, length);
  }

  private RecursiveTextSplitter(
      List<Separator> levels, int chunkSize, int overlap, ToIntFunction<String> length) {
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
    this.length = length;
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
    Measure measure = new Measure(text);
    List<Chunk> chunks = new ArrayList<>();
    for (int[] span : splitSpan(measure, 0, text.length(), 0)) {
      Chunk chunk = trimmed(text, span[0], span[1]);
      if (chunk != null) {
        chunks.add(chunk);
      }
    }
    return chunks;
  }

  /** Sizes within one text; {@code base} is the size of the empty text. */
  private final class Measure {
    final String text;
    final int base;
    final boolean exactSums = length == CHARACTERS;

    Measure(String text) {
      this.text = text;
      this.base = exactSums ? 0 : length.applyAsInt("");
      if (base >= chunkSize) {
        throw new IllegalArgumentException("the empty text alone has size " + base
            + ", which leaves no room in chunks of size " + chunkSize);
      }
    }

    int of(int start, int end) {
      return exactSums ? end - start : length.applyAsInt(text.substring(start, end));
    }

    /** Whether the chunk, as it will be stored (trimmed), is above the chunk size. */
    boolean exceeds(int start, int end) {
      if (exactSums) {
        return false; // the sum of the pieces' lengths is exact, trimming only shortens it
      }
      Chunk chunk = trimmed(text, start, end);
      return chunk != null && length.applyAsInt(chunk.text()) > chunkSize;
    }
  }

  /** Spans of the text within the chunk size, each as {start, end}. */
  private List<int[]> splitSpan(Measure measure, int start, int end, int firstLevel) {
    int level = firstLevel;
    int last = levels.size() - 1;
    String text = measure.text;
    List<Integer> boundaries = levels.get(level).boundaries(text, start, end);
    while (boundaries.isEmpty() && level < last) {
      level++;
      boundaries = levels.get(level).boundaries(text, start, end);
    }
    List<int[]> pieces = piecesBetween(start, end, boundaries);

    List<int[]> result = new ArrayList<>();
    List<int[]> small = new ArrayList<>();
    for (int[] piece : pieces) {
      int size = measure.of(piece[0], piece[1]);
      if (size <= chunkSize) {
        small.add(new int[] {piece[0], piece[1], Math.max(0, size - measure.base)});
        continue;
      }
      result.addAll(merge(measure, small));
      small.clear();
      if (level == last) {
        result.add(piece);
      } else {
        result.addAll(splitSpan(measure, piece[0], piece[1], level + 1));
      }
    }
    result.addAll(merge(measure, small));
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
   * Joins consecutive pieces (each {start, end, size beyond the empty text's}, within the chunk
   * size) into chunks within the size; each new chunk starts with the tail of the previous one, up
   * to the overlap.
   */
  private List<int[]> merge(Measure measure, List<int[]> pieces) {
    List<int[]> chunks = new ArrayList<>();
    int room = chunkSize - measure.base;
    int first = 0;
    while (first < pieces.size()) {
      int last = first;
      int total = pieces.get(first)[2];
      while (last + 1 < pieces.size() && total + pieces.get(last + 1)[2] <= room) {
        last++;
        total += pieces.get(last)[2];
      }
      while (last > first && measure.exceeds(pieces.get(first)[0], pieces.get(last)[1])) {
        last--; // the estimate fell short: one piece less, measured again
      }
      chunks.add(new int[] {pieces.get(first)[0], pieces.get(last)[1]});
      if (last == pieces.size() - 1) {
        break;
      }
      // The next chunk starts with the longest tail within the overlap that leaves the next piece
      // room; never with this chunk's first piece, so chunks advance.
      int following = pieces.get(last + 1)[2];
      int next = last + 1;
      int carried = 0;
      while (next - 1 > first
          && carried + pieces.get(next - 1)[2] <= overlap
          && carried + pieces.get(next - 1)[2] + following <= room) {
        next--;
        carried += pieces.get(next)[2];
      }
      first = next;
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
