package dev.airlock.proxy.detect;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Finds base64, base64url and hex tokens and decodes the ones that turn out to be text. Binary
 * payloads (hashes, UUIDs, image data) do not decode to printable UTF-8 and are left alone, which
 * is what keeps commit SHAs and random ids from being re-scanned as text.
 */
final class EncodedTokens {
  static final int MIN_BASE64 = 16;
  static final int MIN_HEX = 32;
  /** Share of printable chars a decoded token needs to count as text. */
  private static final double MIN_PRINTABLE = 0.9;
  /** Chars of base64 and base64url (the alphabet of hex is inside it), by ASCII code. */
  private static final boolean[] BASE64_CHARS = base64Chars();

  /** Receives one decoded token. */
  interface Sink {
    void accept(int start, int end, String decoded);
  }

  private EncodedTokens() {}

  static void forEachToken(String text, Sink sink) {
    int n = text.length();
    int i = 0;
    // i is always where a run may begin (the text's start, or just past a char no run holds).
    // A run of at least MIN_BASE64 chars beginning at or after i covers the char MIN_BASE64 - 1
    // further on; when that char cannot be in a run, no run begins up to it and the search jumps
    // past it, so text of short words is probed rather than read char by char.
    while (true) {
      int probe = i + MIN_BASE64 - 1;
      if (probe >= n) {
        return;
      }
      if (!isBase64Char(text.charAt(probe))) {
        i = probe + 1;
        continue;
      }
      int start = probe;
      while (start > i && isBase64Char(text.charAt(start - 1))) {
        start--;
      }
      int end = probe + 1;
      while (end < n && isBase64Char(text.charAt(end))) {
        end++;
      }
      int next = end;
      while (next < n && next - end < 2 && text.charAt(next) == '=') {
        next++;
      }
      if (end - start >= MIN_BASE64) {
        decodeRun(text, start, end, next, sink);
      }
      i = next;
    }
  }

  private static void decodeRun(String text, int start, int end, int endWithPadding, Sink sink) {
    String run = text.substring(start, end);
    String decoded = decode(run);
    if (decoded != null) {
      sink.accept(start, endWithPadding, decoded);
      return;
    }
    // A path or URL glues segments together with '/'; an encoded value may be one segment.
    if (run.indexOf('/') < 0) {
      return;
    }
    int segStart = 0;
    for (int k = 0; k <= run.length(); k++) {
      if (k == run.length() || run.charAt(k) == '/') {
        if (k - segStart >= MIN_BASE64 && (segStart > 0 || k < run.length())) {
          String segment = decode(run.substring(segStart, k));
          if (segment != null) {
            sink.accept(start + segStart, k == run.length() ? endWithPadding : start + k, segment);
          }
        }
        segStart = k + 1;
      }
    }
  }

  /** The token decoded as hex or base64(url) when that yields text, else null. */
  static String decode(String token) {
    if (token.length() >= MIN_HEX && token.length() % 2 == 0 && isHex(token)) {
      String hex = asText(hexBytes(token));
      if (hex != null) {
        return hex;
      }
    }
    boolean standard = token.indexOf('+') >= 0 || token.indexOf('/') >= 0;
    boolean url = token.indexOf('-') >= 0 || token.indexOf('_') >= 0;
    if ((standard && url) || token.length() % 4 == 1) {
      return null;
    }
    try {
      byte[] bytes = (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(token);
      return asText(bytes);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean isBase64Char(char c) {
    return c < BASE64_CHARS.length && BASE64_CHARS[c];
  }

  private static boolean[] base64Chars() {
    boolean[] table = new boolean[128];
    for (char c = 0; c < table.length; c++) {
      table[c] = Chars.isAsciiAlnum(c) || c == '+' || c == '/' || c == '-' || c == '_';
    }
    return table;
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!Chars.isHexDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static byte[] hexBytes(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (Chars.hexValue(hex.charAt(2 * i)) * 16 + Chars.hexValue(hex.charAt(2 * i + 1)));
    }
    return bytes;
  }

  /**
   * The bytes as UTF-8, or null when they are not valid UTF-8. Most decoded tokens are random
   * bytes, so invalid input is the common case: it is reported by result, never by an exception
   * (whose stack trace would cost more than the decoding).
   */
  private static String strictUtf8(byte[] bytes) {
    boolean ascii = true;
    for (byte b : bytes) {
      if (b < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    if (decoder.decode(ByteBuffer.wrap(bytes), out, true).isError() || decoder.flush(out).isError()) {
      return null;
    }
    return out.flip().toString();
  }

  /** Strict UTF-8 decoding, then a printable-share check; null for binary. */
  private static String asText(byte[] bytes) {
    if (bytes.length == 0) {
      return null;
    }
    // Cheap rejection of binary before building a decoder: control bytes are never text.
    int control = 0;
    for (byte b : bytes) {
      if (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
        control++;
      }
    }
    if (control > (1 - MIN_PRINTABLE) * bytes.length) {
      return null;
    }
    String s = strictUtf8(bytes);
    if (s == null) {
      return null;
    }
    int printable = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0x7f && !Character.isISOControl(c))) {
        printable++;
      }
    }
    return printable >= MIN_PRINTABLE * s.length() ? s : null;
  }
}
