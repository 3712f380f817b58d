package io.github.solrneural.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of protobuf's wire format to read the shapes in an ONNX file and to write a one-node
 * ONNX model, without a protobuf library on the classpath.
 */
final class Protobuf {
  private Protobuf() {}

  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  /** Reads the fields of one message, in order. */
  static final class Reader {
    private final byte[] bytes;
    private int position;
    private final int end;
    private int field;
    private int wireType;

    Reader(byte[] bytes) {
      this(bytes, 0, bytes.length);
    }

    private Reader(byte[] bytes, int from, int to) {
      this.bytes = bytes;
      this.position = from;
      this.end = to;
    }

    /** Moves to the next field; false at the end of the message. */
    boolean next() {
      if (position >= end) {
        return false;
      }
      long key = varint();
      field = (int) (key >>> 3);
      wireType = (int) (key & 7);
      return true;
    }

    int field() {
      return field;
    }

    int wireType() {
      return wireType;
    }

    long varint() {
      long value = 0;
      for (int shift = 0; ; shift += 7) {
        byte b = bytes[position++];
        value |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return value;
        }
      }
    }

    /** The current length-delimited field as a message. */
    Reader message() {
      int length = (int) varint();
      Reader reader = new Reader(bytes, position, position + length);
      position += length;
      return reader;
    }

    String string() {
      int length = (int) varint();
      String value = new String(bytes, position, length, StandardCharsets.UTF_8);
      position += length;
      return value;
    }

    /** A repeated int64 field, packed or not: adds its values. */
    void int64s(java.util.List<Long> values) {
      if (wireType == LENGTH_DELIMITED) {
        Reader packed = message();
        while (packed.position < packed.end) {
          values.add(packed.varint());
        }
      } else {
        values.add(varint());
      }
    }

    void skip() {
      switch (wireType) {
        case VARINT -> varint();
        case FIXED64 -> position += 8;
        case LENGTH_DELIMITED -> {
          int length = (int) varint(); // read before adding: position moves past the length
          position += length;
        }
        case FIXED32 -> position += 4;
        default -> throw new IllegalStateException("unsupported wire type " + wireType);
      }
    }
  }

  /** Builds one message. */
  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer varint(int field, long value) {
      key(field, VARINT);
      rawVarint(value);
      return this;
    }

    Writer string(int field, String value) {
      return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Writer message(int field, Writer message) {
      return bytes(field, message.toByteArray());
    }

    private Writer bytes(int field, byte[] value) {
      key(field, LENGTH_DELIMITED);
      rawVarint(value.length);
      out.writeBytes(value);
      return this;
    }

    private void key(int field, int wireType) {
      rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long value) {
      while ((value & ~0x7fL) != 0) {
        out.write((int) ((value & 0x7f) | 0x80));
        value >>>= 7;
      }
      out.write((int) value);
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }
}
