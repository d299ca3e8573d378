package dev.airlock.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CaSealTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void aSealedKeyOpensWithTheSameKeyAndCertificateIntoAWorkingCa() {
    CertificateAuthority ca = CertificateAuthority.generate();
    byte[] key = randomKey();
    byte[] sealed = new CaSeal(key).seal(ca);

    CertificateAuthority opened = new CaSeal(key).open(sealed, ca.exportPem());
    assertThat(opened.fingerprint()).isEqualTo(ca.fingerprint());
    assertThat(opened.privateKey().getEncoded()).isEqualTo(ca.privateKey().getEncoded());
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1))
        .as("the key never appears in clear")
        .doesNotContain(new String(ca.privateKey().getEncoded(), StandardCharsets.ISO_8859_1));
    // A leaf minted by the opened CA chains to the original certificate.
    LeafCertificate leaf = new LeafMinter(opened).mint("api.example.com");
    assertThat(leaf.chain()[0].getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
  }

  @Test
  void anotherKeyOrAnotherCertificateDoesNotOpenIt() {
    CertificateAuthority ca = CertificateAuthority.generate();
    byte[] sealed = new CaSeal(randomKey()).seal(ca);

    assertThatThrownBy(() -> new CaSeal(randomKey()).open(sealed, ca.exportPem()))
        .isInstanceOf(CertsException.class)
        .hasMessage("the CA key given does not open the stored CA key (another key sealed it)");
    byte[] key = randomKey();
    byte[] sealedWithKey = new CaSeal(key).seal(ca);
    String otherCertificate = CertificateAuthority.generate().exportPem();
    assertThatThrownBy(() -> new CaSeal(key).open(sealedWithKey, otherCertificate))
        .isInstanceOf(CertsException.class);
    sealedWithKey[sealedWithKey.length - 1] ^= 1;
    assertThatThrownBy(() -> new CaSeal(key).open(sealedWithKey, ca.exportPem()))
        .isInstanceOf(CertsException.class);
  }

  @Test
  void sealingTwiceGivesDifferentBytes() {
    CertificateAuthority ca = CertificateAuthority.generate();
    CaSeal seal = new CaSeal(randomKey());
    assertThat(seal.seal(ca)).isNotEqualTo(seal.seal(ca));
  }

  @Test
  void keysAreReadFromBase64AndBadOnesAreNamed() {
    byte[] key = randomKey();
    CertificateAuthority ca = CertificateAuthority.generate();
    byte[] sealed = new CaSeal(key).seal(ca);
    String standard = Base64.getEncoder().encodeToString(key) + "\n";
    String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    assertThat(CaSeal.fromBase64(standard, "f").open(sealed, ca.exportPem()).fingerprint())
        .isEqualTo(ca.fingerprint());
    assertThat(CaSeal.fromBase64(urlSafe, "f").open(sealed, ca.exportPem()).fingerprint())
        .isEqualTo(ca.fingerprint());

    assertThatThrownBy(() -> CaSeal.fromBase64("not base64!", "AIRLOCK_CA_KEY"))
        .hasMessage("AIRLOCK_CA_KEY: not base64 (expected: 32 random bytes in base64, e.g. from"
            + " 'openssl rand -base64 32')");
    assertThatThrownBy(() -> CaSeal.fromBase64(Base64.getEncoder().encodeToString(new byte[16]), "/etc/k"))
        .hasMessage("/etc/k: 16 bytes (expected: 32 random bytes in base64, e.g. from 'openssl rand -base64 32')");
    assertThat(new CaSeal(key).toString()).doesNotContain(Base64.getEncoder().encodeToString(key));
  }

  @Test
  void fingerprintsTellCasApart() {
    CertificateAuthority a = CertificateAuthority.generate();
    assertThat(a.fingerprint()).matches("sha256:[0-9a-f]{64}");
    assertThat(a.fingerprint()).isNotEqualTo(CertificateAuthority.generate().fingerprint());
  }

  private static byte[] randomKey() {
    byte[] key = new byte[CaSeal.KEY_BYTES];
    RANDOM.nextBytes(key);
    return key;
  }
}
