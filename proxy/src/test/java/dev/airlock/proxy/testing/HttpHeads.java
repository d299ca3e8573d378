package dev.airlock.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads HTTP/1.1 message heads byte by byte from a raw stream, so nothing past the head is consumed. */
public final class HttpHeads {
  private HttpHeads() {}

  /**
   * The head up to and including the blank line that ends it, as ISO-8859-1 text; when the stream
   * ends first, what arrived until then (empty when nothing did).
   */
  public static String read(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int b;
    while (!complete(head) && (b = in.read()) >= 0) {
      head.append((char) b);
    }
    return head.toString();
  }

  /** Whether {@code head} ends with the blank line that closes a message head. */
  public static boolean complete(CharSequence head) {
    int n = head.length();
    return n >= 4 && head.charAt(n - 4) == '\r' && head.charAt(n - 3) == '\n' && head.charAt(n - 2) == '\r'
        && head.charAt(n - 1) == '\n';
  }

  /** The Content-Length the head declares; 0 when it declares none. */
  public static int contentLength(String head) {
    int length = 0;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    return length;
  }

  /** One response whose body is framed by Content-Length (or absent): head and body as ISO-8859-1 text. */
  public static String readResponse(InputStream in) throws IOException {
    String head = read(in);
    return head + new String(in.readNBytes(contentLength(head)), StandardCharsets.ISO_8859_1);
  }
}
