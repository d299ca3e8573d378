package dev.airlock.admin.store;

import java.util.Arrays;

/**
 * A SHA-256 key hash as a map key. The hash is already uniformly distributed, so its first four
 * bytes are the hash code: nothing is computed per lookup beyond the digest itself.
 */
final class KeyHash {
  private final byte[] bytes;
  private final int hash;

  KeyHash(byte[] bytes) {
    if (bytes.length < 4) {
      throw new IllegalArgumentException("key hash: " + bytes.length + " bytes (expected: >= 4)");
    }
    this.bytes = bytes;
    this.hash = (bytes[0] << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyHash other && hash == other.hash && Arrays.equals(bytes, other.bytes);
  }
}
