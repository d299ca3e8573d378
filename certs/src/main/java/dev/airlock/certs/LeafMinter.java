package dev.airlock.certs;

import static java.util.Objects.requireNonNull;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/** Mints ECDSA P-256 server certificates for one host at a time, signed by the CA. Thread-safe. */
public final class LeafMinter {
  public static final int DEFAULT_VALIDITY_DAYS = 30;
  // Tolerates clients whose clocks run a little behind.
  private static final Duration BACKDATE = Duration.ofHours(1);
  // X.520 ub-common-name; the SAN carries the full name, the CN is only for display.
  private static final int MAX_CN_LENGTH = 64;

  private final CertificateAuthority ca;
  private final Duration validity;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public LeafMinter(CertificateAuthority ca) {
    this(ca, DEFAULT_VALIDITY_DAYS, Clock.systemUTC());
  }

  public LeafMinter(CertificateAuthority ca, int validityDays, Clock clock) {
    this.ca = requireNonNull(ca, "ca");
    this.clock = requireNonNull(clock, "clock");
    if (validityDays <= 0) {
      throw new CertsException("validityDays: " + validityDays + " (expected: > 0)");
    }
    this.validity = Duration.ofDays(validityDays);
  }

  /**
   * Mints a certificate for {@code host}, a DNS name or an IP literal (IPv6 with or without
   * brackets).
   *
   * @throws CertsException if the host is invalid or the CA has expired
   */
  public LeafCertificate mint(String host) {
    HostName name = HostName.parse(host);
    Instant now = clock.instant();
    Instant notBefore = now.minus(BACKDATE);
    Instant notAfter = min(now.plus(validity), ca.notAfter());
    if (!notAfter.isAfter(now)) {
      throw new CertsException("CA certificate expired at " + ca.notAfter() + "; re-create it");
    }
    KeyPair keyPair = X509Support.newP256KeyPair(random);
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            ca.certificate(),
            X509Support.randomSerial(random),
            Date.from(notBefore),
            Date.from(notAfter),
            subject(name),
            keyPair.getPublic());
    X509Support.addExtensions(
        () -> {
          builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
          builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
          builder.addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
          builder.addExtension(Extension.subjectAlternativeName, false, subjectAltName(name));
          builder.addExtension(
              Extension.subjectKeyIdentifier,
              false,
              X509Support.subjectKeyIdentifier(keyPair.getPublic()));
          builder.addExtension(
              Extension.authorityKeyIdentifier,
              false,
              new AuthorityKeyIdentifier(ca.keyIdentifier()));
        });
    X509Certificate leaf = X509Support.sign(builder, ca.privateKey());
    return new LeafCertificate(
        keyPair.getPrivate(), new X509Certificate[] {leaf, ca.certificate()});
  }

  private static X500Name subject(HostName name) {
    String cn = name.name();
    if (cn.length() > MAX_CN_LENGTH) {
      cn = cn.substring(0, MAX_CN_LENGTH);
    }
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
  }

  private static GeneralNames subjectAltName(HostName name) {
    GeneralName general =
        name.isIpLiteral()
            ? new GeneralName(
                GeneralName.iPAddress, new DEROctetString(name.address().getAddress()))
            : new GeneralName(GeneralName.dNSName, name.name());
    return new GeneralNames(general);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
