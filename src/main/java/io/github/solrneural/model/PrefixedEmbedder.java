package io.github.solrneural.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An embedder that puts a prefix before every text. The prefix is tokenised with the text, so it
 * counts toward the model's maximum length, as in sentence-transformers.
 */
final class PrefixedEmbedder implements TextEmbedder {
  private final String prefix;
  private final TextEmbedder embedder;

  private PrefixedEmbedder(String prefix, TextEmbedder embedder) {
    this.prefix = prefix;
    this.embedder = embedder;
  }

  /** The embedder itself when the prefix is empty. */
  static TextEmbedder of(String prefix, TextEmbedder embedder) {
    return prefix.isEmpty() ? embedder : new PrefixedEmbedder(prefix, embedder);
  }

  @Override
  public int dimension() {
    return embedder.dimension();
  }

  @Override
  public int textsPerCall() {
    return embedder.textsPerCall();
  }

  @Override
  public String identity() {
    return embedder.identity() + " prefix=" + prefix.length() + ":" + prefix;
  }

  @Override
  public VectorLength vectorLength() {
    return embedder.vectorLength();
  }

  @Override
  public Optional<TokenCounter> tokenCounter() {
    return embedder.tokenCounter().map(counter -> counter.behind(prefix));
  }

  @Override
  public List<Embedding> embedAll(List<String> texts) {
    List<String> prefixed = new ArrayList<>(texts.size());
    for (String text : texts) {
      prefixed.add(prefix + text);
    }
    return embedder.embedAll(prefixed);
  }
}
