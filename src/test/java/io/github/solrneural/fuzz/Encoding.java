package io.github.solrneural.fuzz;

import java.nio.charset.StandardCharsets;

/** Writes values as JSON text and as form fields by hand, so that odd characters survive as sent. */
final class Encoding {
  private Encoding() {}

  /** A JSON string literal; surrogates (lone ones too) and control characters as \\u escapes. */
  static String json(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c) || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /**
   * Percent-encodes a form field's value. A lone surrogate goes out as its three-byte form (ED A0 80
   * for U+D800), which is not valid UTF-8: what a careless client would send.
   */
  static String form(String value) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '*') {
        out.append(c);
      } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        bytes(out, new String(new char[] {c, value.charAt(++i)}).getBytes(StandardCharsets.UTF_8));
      } else if (Character.isSurrogate(c)) {
        bytes(out, new byte[] {(byte) (0xE0 | (c >> 12)), (byte) (0x80 | ((c >> 6) & 0x3F)),
            (byte) (0x80 | (c & 0x3F))});
      } else {
        bytes(out, String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toString();
  }

  private static void bytes(StringBuilder out, byte[] bytes) {
    for (byte b : bytes) {
      out.append('%').append(String.format("%02X", b & 0xFF));
    }
  }

  /** What Lucene stores for a text: each lone surrogate becomes U+FFFD. */
  static String stored(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        out.append(c).append(value.charAt(++i));
      } else {
        out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }

  /** A value cut for a failure message: long texts as their start and length. */
  static String shown(String value) {
    String escaped = json(value);
    return escaped.length() <= 240
        ? escaped
        : escaped.substring(0, 200) + "...(" + value.length() + " chars)";
  }
}
