package dev.airlock.certs;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/** The Airlock CA: its certificate and the private key that signs leaf certificates. */
public final class CertificateAuthority {
  private final PrivateKey privateKey;
  private final X509Certificate certificate;
  private final byte[] keyIdentifier;

  /**
   * @throws CertsException if the certificate is not a CA certificate or the key does not match it
   */
  public CertificateAuthority(PrivateKey privateKey, X509Certificate certificate) {
    this.privateKey = requireNonNull(privateKey, "privateKey");
    this.certificate = requireNonNull(certificate, "certificate");
    if (certificate.getBasicConstraints() < 0) {
      throw new CertsException(
          "certificate: " + subject(certificate) + " (expected: a CA certificate)");
    }
    if (!X509Support.isKeyPair(privateKey, certificate.getPublicKey())) {
      throw new CertsException(
          "privateKey: does not match the public key of " + subject(certificate));
    }
    this.keyIdentifier = keyIdentifierOf(certificate);
  }

  /** Generates a new in-memory CA; use {@link CaStore} to persist one. */
  public static CertificateAuthority generate() {
    return new CaGenerator(Clock.systemUTC(), new SecureRandom()).generate();
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public Instant notAfter() {
    return certificate.getNotAfter().toInstant();
  }

  /**
   * {@code sha256:} and the lower-case hex SHA-256 of the certificate's DER encoding: what tells two
   * CAs apart, as {@code openssl x509 -fingerprint -sha256} shows it (without the colons).
   */
  public String fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new CertsException("cannot fingerprint the CA certificate: " + e.getMessage(), e);
    }
  }

  /** The CA certificate as PEM, for clients' trust stores. */
  public String exportPem() {
    return Pem.encodeCertificate(certificate);
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  /** The CA's key identifier, which leaves carry as their authority key identifier. */
  byte[] keyIdentifier() {
    return keyIdentifier.clone();
  }

  @Override
  public String toString() {
    return "CertificateAuthority{subject="
        + subject(certificate)
        + ", notAfter="
        + notAfter()
        + "}";
  }

  /** Prefers the certificate's own SKI so leaves chain by the identifier clients index by. */
  private static byte[] keyIdentifierOf(X509Certificate certificate) {
    byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (extension != null) {
      byte[] inner = ASN1OctetString.getInstance(extension).getOctets();
      return SubjectKeyIdentifier.getInstance(inner).getKeyIdentifier();
    }
    return X509Support.subjectKeyIdentifier(certificate.getPublicKey()).getKeyIdentifier();
  }

  private static String subject(X509Certificate certificate) {
    return "\"" + certificate.getSubjectX500Principal().getName() + "\"";
  }
}
