package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Position in a newest-first listing ordered by (time, id) — traces by time, agents and admin keys
 * by creation time: the last row returned. Encoded as an opaque string so clients do not build
 * cursors themselves.
 */
public record KeysetCursor(Instant time, String id) {
  public KeysetCursor {
    requireNonNull(time, "time");
    requireNonNull(id, "id");
  }

  public String encode() {
    String raw = time.getEpochSecond() + ":" + time.getNano() + ":" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws IllegalArgumentException when {@code text} is not a cursor this class produced
   */
  public static KeysetCursor decode(String text) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      String[] parts = raw.split(":", 3);
      if (parts.length != 3 || parts[2].isEmpty()) {
        throw new IllegalArgumentException("cursor: malformed");
      }
      return new KeysetCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[2]);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cursor: \"" + text + "\" is not a valid cursor", e);
    }
  }
}
