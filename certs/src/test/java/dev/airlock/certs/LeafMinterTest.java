package dev.airlock.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LeafMinterTest {
  private static final int DNS_NAME = 2;
  private static final int IP_ADDRESS = 7;

  private static final CertificateAuthority CA = CertificateAuthority.generate();
  private static final CertificateAuthority OTHER_CA = CertificateAuthority.generate();

  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final LeafMinter minter = new LeafMinter(CA, 30, Clock.fixed(now, ZoneOffset.UTC));

  @Test
  void dnsLeafChainsToTheCa() throws Exception {
    LeafCertificate leaf = minter.mint("api.example.com");

    validate(leaf, CA);
    assertThat(leaf.certificate().getSubjectAlternativeNames())
        .containsExactly(List.of(DNS_NAME, "api.example.com"));
    assertThat(leaf.certificate().getSubjectX500Principal().getName())
        .isEqualTo("CN=api.example.com");
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, 127.0.0.1",
    "::1, 0:0:0:0:0:0:0:1",
    "[2001:db8::7], 2001:db8:0:0:0:0:0:7",
  })
  void ipLeafChainsToTheCaWithIpAddressSan(String host, String expectedSan) throws Exception {
    LeafCertificate leaf = minter.mint(host);

    validate(leaf, CA);
    assertThat(leaf.certificate().getSubjectAlternativeNames())
        .containsExactly(List.of(IP_ADDRESS, expectedSan));
  }

  @Test
  void leafDoesNotValidateAgainstAnotherCa() {
    LeafCertificate leaf = minter.mint("example.com");

    assertThatThrownBy(() -> validate(leaf, OTHER_CA))
        .isInstanceOf(CertPathValidatorException.class);
  }

  @Test
  void leafHasServerExtensionsAndKeyIdentifiers() throws Exception {
    X509Certificate cert = minter.mint("example.com").certificate();

    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(cert.getKeyUsage()[5]).as("keyCertSign").isFalse();
    assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.15");
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(((ECPublicKey) cert.getPublicKey()).getParams().getCurve().getField().getFieldSize())
        .isEqualTo(256);
    assertThat(authorityKeyId(cert)).isEqualTo(subjectKeyId(CA.certificate()));
    assertThat(subjectKeyId(cert)).isNotEmpty().isNotEqualTo(subjectKeyId(CA.certificate()));
  }

  @Test
  void validityIsBackdatedOneHourAndLastsConfiguredDays() {
    LeafCertificate leaf = minter.mint("example.com");

    assertThat(leaf.certificate().getNotBefore().toInstant())
        .isEqualTo(now.minus(Duration.ofHours(1)));
    assertThat(leaf.notAfter()).isEqualTo(now.plus(Duration.ofDays(30)));
  }

  @Test
  void validityIsCappedAtCaExpiry() {
    LeafMinter longLived = new LeafMinter(CA, 100_000, Clock.systemUTC());

    assertThat(longLived.mint("example.com").notAfter()).isEqualTo(CA.notAfter());
  }

  @Test
  void refusesToMintAfterCaExpiry() {
    LeafMinter late =
        new LeafMinter(CA, 30, Clock.fixed(CA.notAfter().plusSeconds(1), ZoneOffset.UTC));

    assertThatThrownBy(() -> late.mint("example.com"))
        .isInstanceOf(CertsException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void eachMintHasItsOwnKeyAndSerial() {
    LeafCertificate a = minter.mint("example.com");
    LeafCertificate b = minter.mint("example.com");

    assertThat(a.privateKey()).isNotEqualTo(b.privateKey());
    assertThat(a.certificate().getSerialNumber()).isNotEqualTo(b.certificate().getSerialNumber());
  }

  @Test
  void chainIsLeafThenCaAndDefensivelyCopied() {
    LeafCertificate leaf = minter.mint("example.com");
    X509Certificate[] chain = leaf.chain();
    chain[0] = null;

    assertThat(leaf.chain()).containsExactly(leaf.certificate(), CA.certificate());
    assertThat(leaf.toString()).contains("CN=example.com").doesNotContain("PRIVATE");
  }

  @Test
  void longNameIsTruncatedInCommonNameOnly() throws Exception {
    String host = "a".repeat(60) + "." + "b".repeat(60) + ".example.com";
    X509Certificate cert = minter.mint(host).certificate();

    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + host.substring(0, 64));
    assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(DNS_NAME, host));
  }

  @Test
  void hostIsLowerCasedAndTrailingDotDropped() throws Exception {
    X509Certificate cert = minter.mint("API.Example.COM.").certificate();

    assertThat(cert.getSubjectAlternativeNames())
        .containsExactly(List.of(DNS_NAME, "api.example.com"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "[]",
        "exa mple.com",
        "example.com:443",
        "*.example.com",
        "ex*ample.com",
        "example..com",
        ".example.com",
        "-example.com",
        "example-.com",
        "exämple.com",
        "example.com/path",
        "user@example.com",
        "256.1.1.1",
        "1.2.3",
        "fe80::1%eth0",
        "[::1",
        "example.com\n",
        "example.com\u0000",
      })
  void rejectsInvalidHosts(String host) {
    assertThatThrownBy(() -> minter.mint(host))
        .isInstanceOf(CertsException.class)
        .hasMessageContaining("expected: a DNS name or IP literal");
  }

  @Test
  void errorMessageDoesNotEchoControlCharacters() {
    assertThatThrownBy(() -> minter.mint("evil.com\r\nX-Injected: 1"))
        .isInstanceOf(CertsException.class)
        .hasMessageContaining("evil.com??X-Injected")
        .hasMessageNotContaining("\n");
  }

  @Test
  void rejectsTooLongNames() {
    String label = "a".repeat(63);
    String host = String.join(".", label, label, label, label); // 255 characters

    assertThatThrownBy(() -> minter.mint(host))
        .isInstanceOf(CertsException.class)
        .hasMessageContaining("longer than 253");
    assertThatThrownBy(() -> minter.mint("a".repeat(64) + ".com"))
        .isInstanceOf(CertsException.class)
        .hasMessageContaining("1-63");
  }

  @Test
  void rejectsNonPositiveValidity() {
    assertThatThrownBy(() -> new LeafMinter(CA, -1, Clock.systemUTC()))
        .isInstanceOf(CertsException.class)
        .hasMessage("validityDays: -1 (expected: > 0)");
  }

  static void validate(LeafCertificate leaf, CertificateAuthority trusted) throws Exception {
    var path =
        CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf.certificate()));
    PKIXParameters params =
        new PKIXParameters(Set.of(new TrustAnchor(trusted.certificate(), null)));
    params.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(path, params);
  }

  private static byte[] subjectKeyId(X509Certificate cert) {
    byte[] ext = cert.getExtensionValue("2.5.29.14");
    return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets())
        .getKeyIdentifier();
  }

  private static byte[] authorityKeyId(X509Certificate cert) {
    byte[] ext = cert.getExtensionValue("2.5.29.35");
    return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets())
        .getKeyIdentifierOctets();
  }
}
