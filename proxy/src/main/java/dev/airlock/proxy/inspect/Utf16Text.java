package dev.airlock.proxy.inspect;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The UTF-16 reading of a body that looks like UTF-16 text. Read as UTF-8, text written in UTF-16
 * has a NUL beside every ASCII character, so no rule would match a key spelled that way; a body
 * with NULs is therefore also read as UTF-16, in the byte order its NULs point to (a byte-order
 * mark, when present, decides instead).
 */
final class Utf16Text {
  private Utf16Text() {}

  /** The body as UTF-16 text, or null when it holds no NUL byte (then it is not UTF-16 text). */
  static String of(byte[] body) {
    if (body.length < 2) {
      return null;
    }
    int even = 0;
    int odd = 0;
    for (int i = 0; i < body.length; i++) {
      if (body[i] == 0) {
        if ((i & 1) == 0) {
          even++;
        } else {
          odd++;
        }
      }
    }
    if (even == 0 && odd == 0) {
      return null;
    }
    Charset charset;
    int skip = 0;
    if ((body[0] & 0xff) == 0xff && (body[1] & 0xff) == 0xfe) {
      charset = StandardCharsets.UTF_16LE;
      skip = 2;
    } else if ((body[0] & 0xff) == 0xfe && (body[1] & 0xff) == 0xff) {
      charset = StandardCharsets.UTF_16BE;
      skip = 2;
    } else {
      // ASCII in little-endian order leaves the NUL in the second byte of each unit
      charset = odd >= even ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;
    }
    return new String(body, skip, body.length - skip, charset);
  }
}
