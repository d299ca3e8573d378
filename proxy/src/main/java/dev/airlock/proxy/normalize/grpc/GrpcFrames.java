package dev.airlock.proxy.normalize.grpc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * gRPC's length-prefixed messages: each is one flag byte (0 plain, 1 compressed with the
 * {@code grpc-encoding} of the call), a 4-byte big-endian length and the message. A request body
 * is zero or more of them.
 *
 * <p>For inspection the body is rewritten with every message plain ({@link #decode}); the original
 * bytes are what is forwarded. A body that cannot be read whole (a frame cut short, an unknown flag,
 * an encoding Airlock cannot undo, corrupt compressed data, or more than the inspection limit once
 * decompressed) is uninspectable, like a body whose Content-Encoding cannot be decoded.
 */
public final class GrpcFrames {
  static final int HEADER = 5;

  /**
   * The body prepared for inspection.
   *
   * @param body every message plain, or null when the body cannot be read whole
   * @param problem why it cannot (for the agent and the trace; never quotes the body), else null
   */
  public record Decoded(byte[] body, String problem) {
    static Decoded failed(String problem) {
      return new Decoded(null, problem);
    }
  }

  private GrpcFrames() {}

  /**
   * @param body the request body with its Content-Encoding (if any) removed
   * @param grpcEncoding the {@code grpc-encoding} header, or null
   * @param limit at most this many bytes in the decoded body
   */
  public static Decoded decode(byte[] body, String grpcEncoding, long limit) {
    boolean compressed = false;
    int at = 0;
    while (at < body.length) {
      if (body.length - at < HEADER) {
        return Decoded.failed("a gRPC message header is cut short");
      }
      int flag = body[at] & 0xff;
      long length = length(body, at + 1);
      if (flag > 1) {
        return Decoded.failed("a gRPC message has an unknown flag " + flag);
      }
      if (length > body.length - at - HEADER) {
        return Decoded.failed("a gRPC message is cut short (" + length + " bytes announced, "
            + (body.length - at - HEADER) + " sent)");
      }
      compressed |= flag == 1;
      at += HEADER + (int) length;
    }
    if (!compressed) {
      return new Decoded(body, null);
    }
    String coding = grpcEncoding == null ? "identity" : grpcEncoding.trim().toLowerCase(Locale.ROOT);
    if (!coding.equals("gzip") && !coding.equals("deflate")) {
      return Decoded.failed("compressed gRPC messages with grpc-encoding " + coding + " cannot be decoded");
    }
    return decompress(body, coding, limit);
  }

  private static Decoded decompress(byte[] body, String coding, long limit) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(body.length * 2, 1 << 16));
    int at = 0;
    while (at < body.length) {
      int flag = body[at];
      int length = (int) length(body, at + 1);
      int start = at + HEADER;
      at = start + length;
      byte[] message;
      if (flag == 0) {
        message = java.util.Arrays.copyOfRange(body, start, start + length);
      } else {
        message = inflate(body, start, length, coding, limit - out.size() - HEADER);
        if (message == null) {
          return Decoded.failed("a " + coding + " gRPC message is corrupt or larger than " + limit
              + " bytes once decompressed");
        }
      }
      if (out.size() + HEADER + (long) message.length > limit) {
        return Decoded.failed("the gRPC messages are larger than " + limit + " bytes once decompressed");
      }
      out.write(0);
      writeLength(out, message.length);
      out.write(message, 0, message.length);
    }
    return new Decoded(out.toByteArray(), null);
  }

  /** The inflated bytes, or null when corrupt or longer than {@code max}. */
  private static byte[] inflate(byte[] body, int start, int length, String coding, long max) {
    if (max < 0) {
      return null;
    }
    ByteArrayInputStream raw = new ByteArrayInputStream(body, start, length);
    try (InputStream in = coding.equals("gzip") ? new GZIPInputStream(raw) : new InflaterInputStream(raw)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        if (out.size() + (long) n > max) {
          return null;
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Receives one message: {@code length} bytes of {@code buf} from {@code offset}. */
  public interface MessageSink {
    void message(byte[] buf, int offset, int length);
  }

  /**
   * Hands each plain message of a body as {@link #decode} leaves it to {@code sink}, in order,
   * without copying. Compressed messages (a body that was not decoded) and a cut-short tail are
   * left out: {@link #decode} is where they count.
   */
  public static void forEachMessage(byte[] body, MessageSink sink) {
    int at = 0;
    while (body.length - at >= HEADER) {
      int flag = body[at] & 0xff;
      long length = length(body, at + 1);
      if (flag > 1 || length > body.length - at - HEADER) {
        return;
      }
      int start = at + HEADER;
      at = start + (int) length;
      if (flag == 0) {
        sink.message(body, start, (int) length);
      }
    }
  }

  /** One frame: a plain message with its 5-byte header. */
  public static byte[] frame(byte[] message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + message.length);
    out.write(0);
    writeLength(out, message.length);
    out.write(message, 0, message.length);
    return out.toByteArray();
  }

  private static long length(byte[] b, int at) {
    return ((long) (b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
  }

  private static void writeLength(ByteArrayOutputStream out, int length) {
    out.write(length >>> 24);
    out.write(length >>> 16);
    out.write(length >>> 8);
    out.write(length);
  }
}
