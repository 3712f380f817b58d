package io.github.solrneural.model;

import java.util.Objects;

/**
 * Texts an embedder's model expects before each query and each document (e5: {@code "query: "} and
 * {@code "passage: "}; bge: an instruction before queries). They are part of the declared model's
 * identity, not of the loaded one: declarations that differ only here share one loaded model but
 * make different vectors. Kept exactly as given, trailing spaces included.
 *
 * @param query put before every query text; empty for none
 * @param document put before every document text (each chunk); empty for none
 */
public record TextPrefixes(String query, String document) {
  public static final TextPrefixes NONE = new TextPrefixes("", "");

  public TextPrefixes {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(document, "document");
  }

  /** The embedder for query texts. */
  public TextEmbedder forQueries(TextEmbedder embedder) {
    return PrefixedEmbedder.of(query, embedder);
  }

  /** The embedder for document texts. */
  public TextEmbedder forDocuments(TextEmbedder embedder) {
    return PrefixedEmbedder.of(document, embedder);
  }
}
