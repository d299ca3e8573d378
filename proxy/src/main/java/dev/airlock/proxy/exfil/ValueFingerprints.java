package dev.airlock.proxy.exfil;

import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.detect.FindingValues;
import dev.airlock.proxy.detect.Fingerprints;
import java.security.SecureRandom;

/**
 * Keyed fingerprints of detected values with a salt drawn at random when the node starts: the
 * same value found in a response and in a later request gets the same fingerprint on this node,
 * and no fingerprint can be traced back to its value by enumeration without the salt.
 */
public final class ValueFingerprints {
  private final byte[] salt;

  public ValueFingerprints(byte[] salt) {
    this.salt = salt.clone();
  }

  /** With a fresh random 256-bit salt. */
  public static ValueFingerprints random() {
    byte[] salt = new byte[32];
    new SecureRandom().nextBytes(salt);
    return new ValueFingerprints(salt);
  }

  /** The fingerprint of what {@code f} covers in {@code text}, its data class included. */
  public String of(Finding f, String text) {
    return Fingerprints.fingerprint(f.dataClass().name() + ':' + FindingValues.normalized(f, text), salt);
  }
}
