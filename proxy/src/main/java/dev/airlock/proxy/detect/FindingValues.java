package dev.airlock.proxy.detect;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The value a finding covers, in a normal form that is the same wherever the value travels: JSON
 * escapes and percent-encoding resolved, e-mail addresses in lower case, numbers (phones, cards,
 * IBANs, SSNs) reduced to their letters and digits. Meant to be fingerprinted at once
 * ({@link Fingerprints}), never kept.
 */
public final class FindingValues {
  private FindingValues() {}

  /** The normal form of what {@code f} covers in {@code text} (the text it was found in). */
  public static String normalized(Finding f, String text) {
    String raw = text.substring(Math.min(f.start(), text.length()), Math.min(f.end(), text.length()));
    String value = percentDecoded(unescaped(raw)).strip();
    if (f.dataClass() != DataClass.PII) {
      return value;
    }
    if (f.detectorId().endsWith("email")) {
      return value.toLowerCase(Locale.ROOT);
    }
    StringBuilder sb = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        sb.append(Character.toUpperCase(c));
      }
    }
    return sb.toString();
  }

  private static String unescaped(String raw) {
    MappedText view = raw.indexOf('\\') < 0 ? null : JsonUnescape.view(raw);
    return view == null ? raw : view.text();
  }

  private static String percentDecoded(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    int i = 0;
    while (i < s.length()) {
      if (s.charAt(i) == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 3;
      } else {
        int cp = s.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        i += Character.charCount(cp);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
