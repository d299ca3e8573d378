package dev.airlock.proxy.normalize.grpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Writes protobuf wire format and gRPC frames by hand, as a generated encoder would. */
final class Proto {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static Proto message() {
    return new Proto();
  }

  Proto string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  Proto bytes(int field, byte[] value) {
    key(field, 2);
    varint(value.length);
    out.writeBytes(value);
    return this;
  }

  Proto message(int field, Proto inner) {
    return bytes(field, inner.toBytes());
  }

  Proto varintField(int field, long value) {
    key(field, 0);
    varint(value);
    return this;
  }

  Proto fixed64(int field, long value) {
    key(field, 1);
    for (int i = 0; i < 8; i++) {
      out.write((int) (value >>> (8 * i)));
    }
    return this;
  }

  Proto fixed32(int field, int value) {
    key(field, 5);
    for (int i = 0; i < 4; i++) {
      out.write(value >>> (8 * i));
    }
    return this;
  }

  /** A packed repeated varint field: wire type 2 holding the values back to back. */
  Proto packed(int field, long... values) {
    Proto p = new Proto();
    for (long v : values) {
      p.varint(v);
    }
    return bytes(field, p.toBytes());
  }

  Proto group(int field, Proto inner) {
    key(field, 3);
    out.writeBytes(inner.toBytes());
    key(field, 4);
    return this;
  }

  byte[] toBytes() {
    return out.toByteArray();
  }

  private void key(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  private void varint(long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  /** gRPC frames of the messages, uncompressed. */
  static byte[] frames(byte[]... messages) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] m : messages) {
      b.writeBytes(GrpcFrames.frame(m));
    }
    return b.toByteArray();
  }

  /** One frame with the compressed flag set and the message gzip-compressed. */
  static byte[] gzipFrame(byte[] message) {
    byte[] z = gzip(message);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(1);
    b.write(z.length >>> 24);
    b.write(z.length >>> 16);
    b.write(z.length >>> 8);
    b.write(z.length);
    b.writeBytes(z);
    return b.toByteArray();
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(b)) {
      z.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }
}
