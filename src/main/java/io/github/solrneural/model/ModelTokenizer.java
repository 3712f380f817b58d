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
 * padded later to their own longest member.
 */
public final class ModelTokenizer implements AutoCloseable {
  /** A word longer than this is no language; cutting inside it keeps a hostile text cheap. */
  static final int MAX_WORD_TAIL = 1000;

  private final HuggingFaceTokenizer single;
  private final HuggingFaceTokenizer pairPassageOnly;
  private final HuggingFaceTokenizer pairLongestFirst;

  private ModelTokenizer(
      HuggingFaceTokenizer single,
      HuggingFaceTokenizer pairPassageOnly,
      HuggingFaceTokenizer pairLongestFirst) {
    this.single = single;
    this.pairPassageOnly = pairPassageOnly;
    this.pairLongestFirst = pairLongestFirst;
  }

  public static ModelTokenizer load(Path tokenizerFile, int maxLength) throws IOException {
    HuggingFaceTokenizer single = open(tokenizerFile, maxLength, "LONGEST_FIRST");
    try {
      return new ModelTokenizer(
          single,
          open(tokenizerFile, maxLength, "ONLY_SECOND"),
          open(tokenizerFile, maxLength, "LONGEST_FIRST"));
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
    return toSequence(single.encode(text));
  }

  /**
   * The text cut after the tokens {@link #encode} keeps, then on to the end of that word so no word
   * is split (up to {@link #MAX_WORD_TAIL} more characters); the text itself when it is no longer.
   * Its encoding is the whole text's. A query is cut so before it is paired with passages: a pair
   * keeps fewer query tokens than that, and a long query is tokenised in full once, not per passage.
   */
  public String cutAfterMaxLength(String text) {
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
    try {
      return toSequence(pairPassageOnly.encode(query, passage));
    } catch (RuntimeException queryAloneTooLong) {
      return toSequence(pairLongestFirst.encode(query, passage));
    }
  }

  private static TokenSequence toSequence(Encoding encoding) {
    return new TokenSequence(encoding.getIds(), encoding.getTypeIds(), encoding.exceedMaxLength());
  }

  @Override
  public void close() {
    single.close();
    pairPassageOnly.close();
    pairLongestFirst.close();
  }
}
