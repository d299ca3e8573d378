package dev.airlock.proxy.inspect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The UTF-16 reading of a body that looks like UTF-16 text. Read as UTF-8, text written in UTF-16
 * has a NUL beside every ASCII character, so no rule would match a key spelled that way; a body
 * with NULs is therefore also read as UTF-16, in the byte order its NULs point to (a byte-order
 * mark, when present, decides instead). Callers check for a NUL first (a vectorized search in the
 * decoded text), so bodies without one cost nothing here.
 */
final class Utf16Text {
  private Utf16Text() {}

  /**
   * The body read as UTF-16 text, in each byte order its NULs point to (a byte-order mark, when
   * present, decides alone); empty when it holds no NUL byte. Both orders are returned when NULs
   * sit at both even and odd offsets, so a second UTF-16 segment placed one byte off is read too.
   */
  static List<String> of(byte[] body) {
    if (body.length < 2) {
      return List.of();
    }
    if ((body[0] & 0xff) == 0xff && (body[1] & 0xff) == 0xfe) {
      return List.of(new String(body, 2, body.length - 2, StandardCharsets.UTF_16LE));
    }
    if ((body[0] & 0xff) == 0xfe && (body[1] & 0xff) == 0xff) {
      return List.of(new String(body, 2, body.length - 2, StandardCharsets.UTF_16BE));
    }
    int even = 0;
    int odd = 0;
    for (int i = 0; i + 1 < body.length; i += 2) {
      even += body[i] == 0 ? 1 : 0;
      odd += body[i + 1] == 0 ? 1 : 0;
    }
    List<String> out = new ArrayList<>(2);
    // ASCII in little-endian order leaves the NUL in the second byte of each unit
    if (odd > 0) {
      out.add(new String(body, StandardCharsets.UTF_16LE));
    }
    if (even > 0) {
      out.add(new String(body, StandardCharsets.UTF_16BE));
    }
    return out;
  }
}
