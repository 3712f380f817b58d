package io.github.solrneural.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model's HuggingFace tokenizer with this plugin's own truncation and no padding: the truncation
 * and padding stored in tokenizer.json come from training and are overridden, because batches are
 * padded later to their own longest member. One native tokenizer, which truncates nothing; each
 * text or pair is cut here as the library would cut it ({@link Truncation}), since the library
 * fixes the way to cut per tokenizer and a pair needs one of two ways. Every text is first cut to
 * what the model can read (see {@link TextCut}), so tokenising a megabyte costs no more than a few
 * kilobytes.
 */
public final class ModelTokenizer implements AutoCloseable {
  /** A word longer than this is no language; cutting inside it keeps a hostile text cheap. */
  static final int MAX_WORD_TAIL = 1000;

  private final HuggingFaceTokenizer tokenizer;
  private final int maxLength;
  private final TextCut textCut;
  private final long padId;

  private ModelTokenizer(
      HuggingFaceTokenizer tokenizer, int maxLength, int maxTokenizedChars, long padId) {
    this.tokenizer = tokenizer;
    this.padId = padId;
    this.maxLength = maxLength;
    this.textCut = new TextCut(maxLength, maxTokenizedChars,
        text -> tokenizer.encode(text).getIds().length > maxLength);
  }

  /** A tokenizer that reads at most the default characters per text ({@link TextCut}). */
  public static ModelTokenizer load(Path tokenizerFile, int maxLength) throws IOException {
    return load(tokenizerFile, maxLength, TextCut.defaultMaxChars(maxLength));
  }

  /**
   * @param maxTokenizedChars characters of a text tokenised at most; beyond them a text is not read
   */
  public static ModelTokenizer load(Path tokenizerFile, int maxLength, int maxTokenizedChars)
      throws IOException {
    String length = Integer.toString(maxLength);
    HuggingFaceTokenizer tokenizer =
        HuggingFaceTokenizer.newInstance(
            tokenizerFile,
            Map.of(
                "truncation", "false",
                "padding", "false",
                "maxLength", length,
                "modelMaxLength", length,
                "addSpecialTokens", "true"));
    try (Reader json = Files.newBufferedReader(tokenizerFile)) {
      // read after the library has accepted the file, so a broken file gets the library's message
      return new ModelTokenizer(tokenizer, maxLength, maxTokenizedChars, PadId.read(json));
    } catch (IOException | RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  /** Tokenises one text, cut to the max length. */
  public TokenSequence encode(String text) {
    String read = textCut.cut(text);
    return Truncation.ofText(tokenizer.encode(read), maxLength)
        .toSequence(read.length() < text.length());
  }

  /**
   * The text cut after the tokens {@link #encode} keeps, then on to the end of that word so no word
   * is split (up to {@link #MAX_WORD_TAIL} more characters); the text itself when it is no longer.
   * Its encoding is the whole text's. A query is cut so before it is paired with passages: a pair
   * keeps fewer query tokens than that, and a long query is tokenised in full once, not per passage.
   */
  public String cutAfterMaxLength(String text) {
    text = textCut.cut(text);
    Truncation truncation = Truncation.ofText(tokenizer.encode(text), maxLength);
    if (!truncation.dropsTokens()) {
      return text;
    }
    int endCodePoints = truncation.endOfKeptText(); // the tokenizer counts offsets in code points
    int cut =
        text.offsetByCodePoints(0, Math.min(endCodePoints, text.codePointCount(0, text.length())));
    int limit = Math.min(text.length(), cut + MAX_WORD_TAIL);
    while (cut < limit && !Character.isWhitespace(text.charAt(cut))) {
      cut++;
    }
    if (cut < text.length() && Character.isLowSurrogate(text.charAt(cut))) {
      cut++; // never split a surrogate pair
    }
    return text.substring(0, cut);
  }

  /**
   * Tokenises a (query, passage) pair with the tokenizer's own pair template. Only the passage is
   * cut while the query leaves it room; a longer query is cut as well, since the pair must fit.
   */
  public TokenSequence encodePair(String query, String passage) {
    return encodePairOfCutQuery(textCut.cut(query), passage);
  }

  /**
   * As {@link #encodePair}, for a query this tokenizer has cut already ({@link #cutAfterMaxLength}):
   * a query paired with many passages is cut once, not once per passage.
   */
  public TokenSequence encodePairOfCutQuery(String cutQuery, String passage) {
    return encodePairOfCutTexts(cutQuery, cutBeforeTokenizing(passage), passage.length());
  }

  /** The part of a text this tokenizer reads (see {@link TextCut}). */
  String cutBeforeTokenizing(String text) {
    return textCut.cut(text);
  }

  /** As {@link #encodePairOfCutQuery}, for a passage cut already from one of the given length. */
  TokenSequence encodePairOfCutTexts(String cutQuery, String cutPassage, int passageLength) {
    return Truncation.ofPair(tokenizer.encode(cutQuery, cutPassage), maxLength)
        .toSequence(cutPassage.length() < passageLength);
  }

  /** Tokens per sequence after truncation. */
  public int maxLength() {
    return maxLength;
  }

  /** The id batches are padded with ({@link PadId}). */
  public long padId() {
    return padId;
  }

  /** Characters of a text tokenised at most. */
  public int maxTokenizedChars() {
    return textCut.maxChars();
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
