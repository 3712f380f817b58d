package io.github.solrneural.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The short hash that names what made a vector: the update processor stores it on each chunk
 * ({@code embedding_model}) and the model store lists it, from this one function, so that a query
 * such as {@code -embedding_model:<value>} finds what another embedder identity embedded.
 */
public final class EmbedderFingerprint {
  /** Hex digits kept of each SHA-256: 128 bits. */
  private static final int HEX_DIGITS = 32;

  private EmbedderFingerprint() {}

  /** The value of {@code embedding_model} for texts this embedder (prefix included) embeds. */
  public static String of(TextEmbedder embedder) {
    return hash(embedder.identity());
  }

  /** The first 128 bits of the text's SHA-256, in hex. */
  public static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
