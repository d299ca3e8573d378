package dev.airlock.certs;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;

/**
 * A minted server certificate with its key.
 *
 * @param privateKey the leaf's private key
 * @param chain the leaf certificate first, then the CA certificate
 */
public record LeafCertificate(PrivateKey privateKey, X509Certificate[] chain) {
  public LeafCertificate {
    requireNonNull(privateKey, "privateKey");
    requireNonNull(chain, "chain");
    if (chain.length < 1) {
      throw new CertsException("chain: empty (expected: leaf certificate first)");
    }
    chain = chain.clone();
    for (int i = 0; i < chain.length; i++) {
      requireNonNull(chain[i], "chain[" + i + "]");
    }
  }

  /** A copy, so callers cannot change the cached chain. */
  @Override
  public X509Certificate[] chain() {
    return chain.clone();
  }

  public X509Certificate certificate() {
    return chain[0];
  }

  public Instant notAfter() {
    return chain[0].getNotAfter().toInstant();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LeafCertificate other
        && privateKey.equals(other.privateKey)
        && Arrays.equals(chain, other.chain);
  }

  @Override
  public int hashCode() {
    return 31 * privateKey.hashCode() + Arrays.hashCode(chain);
  }

  /** Never prints the key. */
  @Override
  public String toString() {
    return "LeafCertificate{subject="
        + chain[0].getSubjectX500Principal().getName()
        + ", notAfter="
        + notAfter()
        + "}";
  }
}
