package io.github.solrneural.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model's HuggingFace tokenizer with this plugin's own truncation and no padding: the truncation
 * and padding stored in tokenizer.json come from training and are overridden, because batches are
 * padded later to their own longest member. Every text is first cut to what the model can read
 * (see {@link TextCut}), so tokenising a megabyte costs no more than a few kilobytes.
 */
public final class ModelTokenizer implements AutoCloseable {
  /** A word longer than this is no language; cutting inside it keeps a hostile text cheap. */
  static final int MAX_WORD_TAIL = 1000;

  private final HuggingFaceTokenizer single;
  private final HuggingFaceTokenizer pairPassageOnly;
  private final HuggingFaceTokenizer pairLongestFirst;
  private final TextCut textCut;

  private ModelTokenizer(
      HuggingFaceTokenizer single,
      HuggingFaceTokenizer pairPassageOnly,
      HuggingFaceTokenizer pairLongestFirst,
      TextCut textCut) {
    this.single = single;
    this.pairPassageOnly = pairPassageOnly;
    this.pairLongestFirst = pairLongestFirst;
    this.textCut = textCut;
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
    HuggingFaceTokenizer single = open(tokenizerFile, maxLength, "LONGEST_FIRST");
    try {
      return new ModelTokenizer(
          single,
          open(tokenizerFile, maxLength, "ONLY_SECOND"),
          open(tokenizerFile, maxLength, "LONGEST_FIRST"),
          new TextCut(maxLength, maxTokenizedChars,
              text -> single.encode(text).exceedMaxLength()));
    } catch (IOException | RuntimeException e) {
      single.close();
      throw e;
    }
  }

  private static HuggingFaceTokenizer open(Path file, int maxLength, String truncation)
      throws IOException {
    String length = Integer.toString(maxLength);
    return HuggingFaceTokenizer.newInstance(
        file,
        Map.of(
            "truncation", truncation,
            "padding", "false",
            "maxLength", length,
            "modelMaxLength", length,
            "addSpecialTokens", "true"));
  }

  /** Tokenises one text, cut to the max length. */
  public TokenSequence encode(String text) {
    String read = textCut.cut(text);
    return toSequence(single.encode(read), read.length() < text.length());
  }

  /**
   * The text cut after the tokens {@link #encode} keeps, then on to the end of that word so no word
   * is split (up to {@link #MAX_WORD_TAIL} more characters); the text itself when it is no longer.
   * Its encoding is the whole text's. A query is cut so before it is paired with passages: a pair
   * keeps fewer query tokens than that, and a long query is tokenised in full once, not per passage.
   */
  public String cutAfterMaxLength(String text) {
    text = textCut.cut(text);
    Encoding encoding = single.encode(text);
    if (!encoding.exceedMaxLength()) {
      return text;
    }
    int endCodePoints = 0; // the tokenizer counts offsets in code points
    for (CharSpan span : encoding.getCharTokenSpans()) {
      if (span != null) {
        endCodePoints = Math.max(endCodePoints, span.getEnd());
      }
    }
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
   * cut; a query too long to leave room for any passage is cut as well, since the pair must fit.
   */
  public TokenSequence encodePair(String query, String passage) {
    return encodePairOfCutQuery(textCut.cut(query), passage);
  }

  /**
   * As {@link #encodePair}, for a query this tokenizer has cut already ({@link #cutAfterMaxLength}):
   * a query paired with many passages is cut once, not once per passage.
   */
  public TokenSequence encodePairOfCutQuery(String cutQuery, String passage) {
    String read = textCut.cut(passage);
    boolean passageCut = read.length() < passage.length();
    try {
      return toSequence(pairPassageOnly.encode(cutQuery, read), passageCut);
    } catch (RuntimeException queryAloneTooLong) {
      return toSequence(pairLongestFirst.encode(cutQuery, read), passageCut);
    }
  }

  /** Characters of a text tokenised at most. */
  public int maxTokenizedChars() {
    return textCut.maxChars();
  }

  private static TokenSequence toSequence(Encoding encoding, boolean textCut) {
    return new TokenSequence(
        encoding.getIds(), encoding.getTypeIds(), textCut || encoding.exceedMaxLength());
  }

  @Override
  public void close() {
    single.close();
    pairPassageOnly.close();
    pairLongestFirst.close();
  }
}
