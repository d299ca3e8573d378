package dev.airlock.certs;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/** Creates a new self-signed Airlock CA with an ECDSA P-256 key. */
final class CaGenerator {
  static final Duration VALIDITY = Duration.ofDays(3650);
  // Tolerates clients whose clocks run behind this machine's.
  static final Duration BACKDATE = Duration.ofDays(1);

  private final Clock clock;
  private final SecureRandom random;

  CaGenerator(Clock clock, SecureRandom random) {
    this.clock = requireNonNull(clock, "clock");
    this.random = requireNonNull(random, "random");
  }

  CertificateAuthority generate() {
    KeyPair keyPair = X509Support.newP256KeyPair(random);
    Instant now = clock.instant();
    X500Name subject = subject();
    BigInteger serial = X509Support.randomSerial(random);
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            serial,
            Date.from(now.minus(BACKDATE)),
            Date.from(now.plus(VALIDITY)),
            subject,
            keyPair.getPublic());
    SubjectKeyIdentifier ski = X509Support.subjectKeyIdentifier(keyPair.getPublic());
    X509Support.addExtensions(
        () -> {
          // pathLen 0: this CA signs leaves only, never intermediates.
          builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
          builder.addExtension(
              Extension.keyUsage,
              true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
          builder.addExtension(Extension.subjectKeyIdentifier, false, ski);
          builder.addExtension(
              Extension.authorityKeyIdentifier,
              false,
              new AuthorityKeyIdentifier(ski.getKeyIdentifier()));
        });
    X509Certificate certificate = X509Support.sign(builder, keyPair.getPrivate());
    return new CertificateAuthority(keyPair.getPrivate(), certificate);
  }

  /** A random suffix tells apart the CAs of different installs in a trust store listing. */
  private X500Name subject() {
    byte[] id = new byte[4];
    random.nextBytes(id);
    return new X500NameBuilder(BCStyle.INSTANCE)
        // Most significant first in DER, so the JDK prints "CN=..., O=Airlock".
        .addRDN(BCStyle.O, "Airlock")
        .addRDN(BCStyle.CN, "Airlock Local CA " + HexFormat.of().formatHex(id))
        .build();
  }
}
