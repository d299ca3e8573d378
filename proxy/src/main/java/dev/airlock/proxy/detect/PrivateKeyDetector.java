package dev.airlock.proxy.detect;

import com.google.re2j.Pattern;
import java.nio.CharBuffer;
import java.util.List;

/**
 * PEM private keys (RSA, EC, DSA, OpenSSH, PKCS#8, PGP): the block from its BEGIN line through
 * the matching END line or, for a truncated paste, the header and the base64 body after it (line
 * breaks real or JSON-escaped). Parsed by hand rather than with one lazy regex so that a text
 * with many BEGIN lines and one distant END costs linear time, not quadratic. Code that merely
 * mentions the armour lines has no key material and is not a finding.
 */
final class PrivateKeyDetector implements TextDetector {
  static final String ID = "SECRETS.private_key";
  private static final Pattern HEADER = Pattern.compile("-----BEGIN[ A-Z0-9]{0,24}PRIVATE KEY(?: BLOCK)?-----");
  private static final Pattern FOOTER = Pattern.compile("-----END[ A-Z0-9]{0,24}PRIVATE KEY(?: BLOCK)?-----");
  private static final int MAX_ARMOUR = 64;
  /** Shortest base64 run accepted as key material: under one 64-char PEM line. */
  private static final int MIN_KEY_MATERIAL = 40;
  /** Larger than any PGP private key block people paste; beyond it the block counts as truncated. */
  private static final int MAX_BLOCK = 64 * 1024;

  @Override
  public List<String> keywords() {
    return List.of("private key");
  }

  @Override
  public String detectorId() {
    return ID;
  }

  @Override
  public void detect(String text, List<Finding> out) {
    int nextFooter = -1;
    int from = 0;
    for (int p = text.indexOf("-----BEGIN", from); p >= 0; p = text.indexOf("-----BEGIN", from)) {
      int headerEnd = armourEnd(HEADER, text, p);
      if (headerEnd < 0) {
        from = p + 1;
        continue;
      }
      if (nextFooter < headerEnd) {
        nextFooter = text.indexOf("-----END", headerEnd);
        if (nextFooter < 0) {
          nextFooter = Integer.MAX_VALUE;
        }
      }
      int nextHeader = text.indexOf("-----BEGIN", headerEnd);
      int end = -1;
      if (nextFooter != Integer.MAX_VALUE && nextFooter - headerEnd <= MAX_BLOCK
          && (nextHeader < 0 || nextHeader > nextFooter)) {
        end = armourEnd(FOOTER, text, nextFooter);
      }
      int bodyEnd = end >= 0 ? nextFooter : bodyRunEnd(text, headerEnd);
      if (end < 0) {
        end = bodyEnd;
      }
      if (hasKeyMaterial(text, headerEnd, bodyEnd)) {
        out.add(new Finding(DataClass.SECRETS, ID, p, end));
        from = end;
      } else {
        from = headerEnd;
      }
    }
  }

  private static int armourEnd(Pattern armour, String text, int p) {
    var m = armour.matcher(CharBuffer.wrap(text, p, Math.min(text.length(), p + MAX_ARMOUR)));
    return m.lookingAt() ? p + m.end() : -1;
  }

  /** End of the base64 body after a header when there is no END line. */
  private static int bodyRunEnd(String text, int i) {
    int n = text.length();
    int limit = Math.min(n, i + MAX_BLOCK);
    while (i < limit) {
      char c = text.charAt(i);
      if (isBase64(c) || c == '\n' || c == '\r' || c == ' ' || c == '\t') {
        i++;
      } else if (c == '\\' && (Chars.at(text, i + 1) == 'n' || Chars.at(text, i + 1) == 'r')) {
        i += 2;
      } else {
        break;
      }
    }
    while (i > 0 && Character.isWhitespace(text.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  private static boolean hasKeyMaterial(String text, int from, int to) {
    int run = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (isBase64(c)) {
        if (++run >= MIN_KEY_MATERIAL) {
          return true;
        }
      } else if (c != '\\' && c != '\r' && c != '\n') {
        // Line breaks (real or JSON-escaped) split the lines of one body; anything else ends a run.
        run = 0;
      }
    }
    return false;
  }

  private static boolean isBase64(char c) {
    return Chars.isAsciiAlnum(c) || c == '+' || c == '/' || c == '=';
  }
}
