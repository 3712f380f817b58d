package io.github.solrneural.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 of one or more texts, as four longs: a cache key of fixed size whatever the texts'
 * length, which tells texts apart as surely as the texts themselves. Each text is hashed with its
 * length first, so ("ab", "c") and ("a", "bc") differ.
 */
record CacheKey(long first, long second, long third, long fourth) {
  /** Bytes one key takes on the heap: object header and four longs. */
  static final int HEAP_BYTES = 48;

  static CacheKey of(String... texts) {
    MessageDigest digest = sha256();
    for (String text : texts) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
      digest.update(bytes);
    }
    ByteBuffer hash = ByteBuffer.wrap(digest.digest());
    return new CacheKey(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
