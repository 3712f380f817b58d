package io.github.solrneural.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Float arrays kept on disk under a key that names everything they were computed from (model file
 * contents, settings, inputs), so that a figure that costs minutes is computed once and a change
 * to any input computes it again. Files are written whole, then moved into place.
 */
final class ScoreCache {
  /** Computes the floats when the cache does not hold them. */
  @FunctionalInterface
  interface Compute {
    float[] run() throws Exception;
  }

  private final Path dir;

  ScoreCache(Path dir) {
    this.dir = dir;
  }

  float[] floats(String key, Compute compute) throws Exception {
    Path file = dir.resolve(sha256(key) + ".f32");
    if (Files.isRegularFile(file)) {
      return read(file);
    }
    float[] values = compute.run();
    Files.createDirectories(dir);
    Path partial = Files.createTempFile(dir, "partial", ".f32");
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(partial))) {
      out.writeInt(values.length);
      for (float value : values) {
        out.writeFloat(value);
      }
    }
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(dir.resolve(sha256(key) + ".key"), key);
    return values;
  }

  private static float[] read(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      float[] values = new float[in.readInt()];
      for (int i = 0; i < values.length; i++) {
        values[i] = in.readFloat();
      }
      return values;
    }
  }

  /** The SHA-256 of a file's bytes: part of a key, so that a replaced model is not mistaken for the old one. */
  static String fileDigest(Path file) throws IOException {
    MessageDigest digest = sha();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int read; (read = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, read);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static String sha256(String text) {
    return HexFormat.of().formatHex(sha().digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
