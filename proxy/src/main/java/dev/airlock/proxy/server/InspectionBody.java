package dev.airlock.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Decodes a request body's Content-Encoding for inspection only; the original bytes are what is
 * forwarded unless the body is redacted. Decoding is bounded so a compression bomb cannot exhaust
 * memory: beyond the limit the body counts as too large to inspect.
 */
final class InspectionBody {
  private InspectionBody() {}

  /** The decoded bytes, or null when they exceed {@code limit} or the encoding is unknown/broken. */
  static byte[] decode(ByteBuf body, String contentEncoding, long limit) {
    String enc = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    if (enc.isEmpty() || enc.equals("identity")) {
      byte[] out = new byte[body.readableBytes()];
      body.getBytes(body.readerIndex(), out);
      return out;
    }
    try (InputStream in = wrap(enc, new ByteBufInputStream(body.duplicate()))) {
      if (in == null) {
        return null;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        if (out.size() + n > limit) {
          return null;
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      return null;
    }
  }

  private static InputStream wrap(String enc, InputStream in) throws IOException {
    return switch (enc) {
      case "gzip", "x-gzip" -> new GZIPInputStream(in);
      case "deflate" -> new InflaterInputStream(in);
      case "br" -> new org.brotli.dec.BrotliInputStream(in);
      default -> null;
    };
  }
}
