package dev.airlock.admin.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Creates and hashes bearer secrets (agent keys, admin tokens). Secrets are 256 random bits, so a
 * single SHA-256 is enough to store them: there is nothing to brute-force that a slow KDF would
 * protect.
 */
public final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Agent keys are hashed for every proxied request: one digest per thread, not a provider lookup each time. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  });

  private Secrets() {}

  /** {@code prefix} followed by 43 base64url characters of 32 random bytes. */
  public static String newSecret(String prefix) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static byte[] sha256(String secret) {
    return SHA256.get().digest(secret.getBytes(StandardCharsets.UTF_8)); // digest() resets it for the next use
  }

  /** This thread's SHA-256 digest, reset, for hashing in several updates; {@code digest()} resets it again. */
  static MessageDigest sha256Digest() {
    MessageDigest md = SHA256.get();
    md.reset();
    return md;
  }

  /** Constant-time comparison, so response timing says nothing about how much of a hash matched. */
  public static boolean sameHash(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }
}
