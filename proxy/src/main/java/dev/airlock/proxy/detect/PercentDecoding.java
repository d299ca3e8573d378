package dev.airlock.proxy.detect;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * Finds tokens that contain percent-escapes and decodes each into a mapped view (UTF-8; '+' reads
 * as a space, as in form bodies and query strings, where a literal plus is written %2B). Tokens stop at whitespace, quotes, angle
 * brackets, '&', '=' and '?', so a form body or a query string is decoded field by field and a
 * finding maps back to exactly the escapes that encode it.
 */
final class PercentDecoding {
  private PercentDecoding() {}

  /** Calls {@code sink} with (token start offset, decoded token) for each token with an escape. */
  static void forEachToken(String text, BiConsumer<Integer, MappedText> sink) {
    int n = text.length();
    int pct = text.indexOf('%');
    while (pct >= 0) {
      if (!isEscape(text, pct)) {
        pct = text.indexOf('%', pct + 1);
        continue;
      }
      int start = pct;
      while (start > 0 && !isDelimiter(text.charAt(start - 1))) {
        start--;
      }
      int end = pct;
      while (end < n && !isDelimiter(text.charAt(end))) {
        end++;
      }
      sink.accept(start, decode(text, start, end));
      pct = text.indexOf('%', end);
    }
  }

  private static boolean isDelimiter(char c) {
    return Character.isWhitespace(c) || c == '"' || c == '\'' || c == '<' || c == '>' || c == '&' || c == '=' || c == '?';
  }

  static boolean isEscape(CharSequence text, int i) {
    return Chars.at(text, i) == '%' && Chars.isHexDigit(Chars.at(text, i + 1)) && Chars.isHexDigit(Chars.at(text, i + 2));
  }

  /** Decodes text[start, end) with positions relative to {@code start}. */
  private static MappedText decode(String text, int start, int end) {
    MappedText.Builder out = new MappedText.Builder(end - start);
    int i = start;
    while (i < end) {
      if (!isEscape(text, i) || i + 3 > end) {
        char c = text.charAt(i);
        out.append(c == '+' ? ' ' : c, i - start, i - start + 1);
        i++;
        continue;
      }
      int lead = hexByte(text, i);
      int len = utf8Length(lead);
      byte[] bytes = new byte[len];
      bytes[0] = (byte) lead;
      int k = 1;
      while (k < len && i + 3 * k + 3 <= end && isEscape(text, i + 3 * k) && (hexByte(text, i + 3 * k) & 0xC0) == 0x80) {
        bytes[k] = (byte) hexByte(text, i + 3 * k);
        k++;
      }
      String decoded = k == len ? new String(bytes, 0, len, StandardCharsets.UTF_8) : "\uFFFD";
      int consumed = 3 * (k == len ? len : 1);
      for (int c = 0; c < decoded.length(); c++) {
        out.append(decoded.charAt(c), i - start, i - start + consumed);
      }
      i += consumed;
    }
    return out.build();
  }

  private static int hexByte(CharSequence text, int i) {
    return Chars.hexValue(text.charAt(i + 1)) * 16 + Chars.hexValue(text.charAt(i + 2));
  }

  private static int utf8Length(int lead) {
    if (lead < 0x80) {
      return 1;
    } else if (lead >= 0xC2 && lead < 0xE0) {
      return 2;
    } else if (lead >= 0xE0 && lead < 0xF0) {
      return 3;
    } else if (lead >= 0xF0 && lead < 0xF5) {
      return 4;
    }
    return 1; // invalid lead byte: decoded on its own, to U+FFFD
  }
}
