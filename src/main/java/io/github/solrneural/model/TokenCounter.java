package io.github.solrneural.model;

import java.util.function.ToIntFunction;

/**
 * Counts the tokens an embedder feeds its model for a text, as {@link Embedder} tokenises it: its
 * prefix (such as e5's {@code "passage: "}) and the special tokens ([CLS], [SEP]) included. Exact
 * up to the model's max length; a longer text counts as max length + 1, all that a chunker needs
 * to know, so that counting a long text costs no more than the tokenizer's cut of it ({@link
 * TextCut}).
 */
public final class TokenCounter implements ToIntFunction<String> {
  private final ModelTokenizer tokenizer;
  private final String prefix;

  TokenCounter(ModelTokenizer tokenizer, String prefix) {
    this.tokenizer = tokenizer;
    this.prefix = prefix;
  }

  /** The counter of an embedder that puts {@code outer} before each text it is given. */
  TokenCounter behind(String outer) {
    return new TokenCounter(tokenizer, prefix + outer);
  }

  /** Tokens the model reads at most; a text with more is cut by the model. */
  public int maxLength() {
    return tokenizer.maxLength();
  }

  /** The text's tokens, or {@link #maxLength()} + 1 when the model would cut it. */
  @Override
  public int applyAsInt(String text) {
    TokenSequence tokens = tokenizer.encode(prefix + text);
    return tokens.truncated() ? maxLength() + 1 : tokens.length();
  }
}
