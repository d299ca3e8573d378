package dev.airlock.proxy.detect;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Salted fingerprints of detected values, so a value seen in a response can be recognised later
 * in a request without keeping the value. HMAC rather than a plain hash: without the salt,
 * low-entropy values such as phone numbers could be recovered by enumeration.
 */
public final class Fingerprints {
  private static final String ALGORITHM = "HmacSHA256";
  /** 128 bits: ample to avoid collisions among the values one agent handles in minutes. */
  private static final int LENGTH_BYTES = 16;

  private Fingerprints() {}

  /** Lower-case hex of HMAC-SHA256(salt, UTF-8 value), truncated to 16 bytes (32 hex chars). */
  public static String fingerprint(String value, byte[] salt) {
    requireNonNull(value, "value");
    requireNonNull(salt, "salt");
    if (salt.length == 0) {
      throw new IllegalArgumentException("salt: 0 bytes (expected: >= 1)");
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(salt, ALGORITHM));
      byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, LENGTH_BYTES);
    } catch (GeneralSecurityException e) {
      // Every Java platform is required to provide HmacSHA256.
      throw new IllegalStateException(ALGORITHM + " unavailable", e);
    }
  }
}
