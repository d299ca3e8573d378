package dev.airlock.proxy.detect;

/**
 * Tells a real PEM block from code or docs that merely mention the armour lines (a
 * {@code startsWith("-----BEGIN RSA PRIVATE KEY-----")} check would otherwise be a finding).
 */
final class PemBody {
  /** Shortest base64 run accepted as key material: well under one 64-char PEM line. */
  private static final int MIN_RUN = 40;

  private PemBody() {}

  static boolean hasKeyMaterial(String block) {
    int headerEnd = block.indexOf("-----", 5);
    if (headerEnd < 0) {
      return false;
    }
    int run = 0;
    for (int i = headerEnd + 5; i < block.length(); i++) {
      char c = block.charAt(i);
      if (Chars.isAsciiAlnum(c) || c == '+' || c == '/' || c == '=') {
        if (++run >= MIN_RUN) {
          return true;
        }
      } else if (c == '\\' || c == '\r' || c == '\n') {
        // Line breaks (real or JSON-escaped) split lines of one body; keep counting across them.
        continue;
      } else {
        run = 0;
      }
    }
    return false;
  }
}
