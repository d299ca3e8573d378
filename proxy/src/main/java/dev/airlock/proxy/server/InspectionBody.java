package dev.airlock.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Decodes a request body's Content-Encoding for inspection only; the original bytes are what is
 * forwarded unless the body is redacted. Decoding is bounded so a compression bomb cannot exhaust
 * memory: beyond the limit the body counts as too large to inspect.
 */
final class InspectionBody {
  private InspectionBody() {}

  /** At most this many codings are undone: a longer chain is refused rather than unwound. */
  static final int MAX_CODINGS = 2;
  private static final Set<String> KNOWN = Set.of("gzip", "x-gzip", "deflate", "br");

  /**
   * The body decoded by every Content-Encoding header line of {@code headers} taken together as one
   * list of codings (RFC 9110 §8.4), or null when Airlock cannot decode it fully within {@code limit}.
   */
  static byte[] decode(ByteBuf body, HttpHeaders headers, long limit) {
    if (!headers.contains(HttpHeaderNames.CONTENT_ENCODING)) {
      return decode(body, (String) null, limit); // the usual case: no list to build
    }
    return decode(body, codings(headers), limit);
  }

  /** Every Content-Encoding line joined into one comma-separated list, as a recipient must read them. */
  static String codings(HttpHeaders headers) {
    return String.join(", ", headers.getAll(HttpHeaderNames.CONTENT_ENCODING));
  }

  /**
   * The decoded bytes of a body sent with the comma-separated {@code contentEncoding} list, or null
   * when a coding is unknown, the chain is too long, the data is corrupt or it decodes past {@code limit}.
   */
  static byte[] decode(ByteBuf body, String contentEncoding, long limit) {
    List<String> codings = contentEncoding == null ? List.of() : parse(contentEncoding);
    if (codings == null) {
      return null;
    }
    if (codings.isEmpty()) {
      byte[] out = new byte[body.readableBytes()];
      body.getBytes(body.readerIndex(), out);
      return out;
    }
    try (InputStream in = unwrap(codings, new ByteBufInputStream(body.duplicate()))) {
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
    } catch (IOException | RuntimeException e) {
      return null; // corrupt data (a decoder may throw unchecked on garbage): uninspectable
    }
  }

  /**
   * As much of a body sent with {@code contentEncoding} as decodes, up to {@code limit} bytes: a
   * body cut short (captured only up to a limit) yields its first part rather than nothing. Null
   * when a coding is unknown or the chain too long.
   */
  static byte[] decodePrefix(byte[] body, String contentEncoding, int limit) {
    List<String> codings = contentEncoding == null ? List.of() : parse(contentEncoding);
    if (codings == null) {
      return null;
    }
    if (codings.isEmpty()) {
      return body.length <= limit ? body : java.util.Arrays.copyOf(body, limit);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = unwrap(codings, new java.io.ByteArrayInputStream(body))) {
      byte[] buf = new byte[8192];
      int n;
      while (out.size() < limit && (n = in.read(buf, 0, Math.min(buf.length, limit - out.size()))) > 0) {
        out.write(buf, 0, n);
      }
    } catch (IOException | RuntimeException e) {
      // Truncated or corrupt from here on: what decoded so far is the first part.
    }
    return out.toByteArray();
  }

  /** The codings other than identity in the order applied, or null when one is unknown or there are too many. */
  private static List<String> parse(String contentEncoding) {
    List<String> out = new ArrayList<>(MAX_CODINGS);
    for (String part : contentEncoding.split(",")) {
      String c = part.trim().toLowerCase(Locale.ROOT);
      if (c.isEmpty() || c.equals("identity")) {
        continue;
      }
      if (out.size() == MAX_CODINGS || !KNOWN.contains(c)) {
        return null;
      }
      out.add(c);
    }
    return out;
  }

  /** Undoes the codings, the last applied first. */
  private static InputStream unwrap(List<String> codings, InputStream in) throws IOException {
    InputStream s = in;
    for (int i = codings.size() - 1; i >= 0; i--) {
      s = wrap(codings.get(i), s);
    }
    return s;
  }

  private static InputStream wrap(String enc, InputStream in) throws IOException {
    return switch (enc) {
      case "gzip", "x-gzip" -> new GZIPInputStream(in);
      case "deflate" -> new InflaterInputStream(in);
      case "br" -> new org.brotli.dec.BrotliInputStream(in);
      default -> throw new IOException("unknown coding");
    };
  }
}
