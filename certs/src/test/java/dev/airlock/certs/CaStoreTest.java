package dev.airlock.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaStoreTest {
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String KEY_USAGE = "2.5.29.15";
  private static final String SUBJECT_KEY_ID = "2.5.29.14";
  private static final String AUTHORITY_KEY_ID = "2.5.29.35";
  private static final String NAME_CONSTRAINTS = "2.5.29.30";

  @TempDir Path dir;
  private final CaStore store = new CaStore();

  @Test
  void createsCaWithExpectedSubjectValidityAndExtensions() throws Exception {
    X509Certificate cert = store.loadOrCreate(dir.resolve("nested/ca")).certificate();

    cert.verify(cert.getPublicKey());
    assertThat(cert.getSubjectX500Principal().getName())
        .matches("CN=Airlock Local CA [0-9a-f]{8},O=Airlock");
    assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
    assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(cert.getSerialNumber().signum()).isPositive();
    assertThat(cert.getSerialNumber().bitLength()).isLessThanOrEqualTo(128);
    assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
        .isEqualTo(Duration.ofDays(3651));
    assertThat(cert.getNotBefore().toInstant()).isBefore(Instant.now().minus(Duration.ofHours(23)));

    assertThat(cert.getBasicConstraints()).isZero();
    boolean[] usage = cert.getKeyUsage();
    assertThat(usage[0]).as("digitalSignature").isTrue();
    assertThat(usage[5]).as("keyCertSign").isTrue();
    assertThat(usage[6]).as("cRLSign").isTrue();
    assertThat(usage[2]).as("keyEncipherment").isFalse();
    assertThat(cert.getCriticalExtensionOIDs())
        .containsExactlyInAnyOrder(BASIC_CONSTRAINTS, KEY_USAGE);
    assertThat(cert.getNonCriticalExtensionOIDs())
        .containsExactlyInAnyOrder(SUBJECT_KEY_ID, AUTHORITY_KEY_ID)
        .doesNotContain(NAME_CONSTRAINTS);
  }

  @Test
  void writesKeyOwnerOnlyAndCertificateWorldReadable() throws Exception {
    Path caDir = dir.resolve("ca");
    store.loadOrCreate(caDir);
    assumeTrue(Files.getFileStore(caDir).supportsFileAttributeView(PosixFileAttributeView.class));

    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(caDir.resolve("ca.key"))))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(caDir.resolve("ca.pem"))))
        .isEqualTo("rw-r--r--");
    try (Stream<Path> files = Files.list(caDir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("ca.pem", "ca.key");
    }
    assertThat(Files.readString(caDir.resolve("ca.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
  }

  @Test
  void secondLoadOrCreateReturnsTheSameCa() {
    CertificateAuthority first = store.loadOrCreate(dir);
    CertificateAuthority second = new CaStore().loadOrCreate(dir);

    assertThat(second.certificate()).isEqualTo(first.certificate());
    assertThat(second.certificate().getSerialNumber())
        .isEqualTo(first.certificate().getSerialNumber());
    assertThat(second.certificate().getPublicKey()).isEqualTo(first.certificate().getPublicKey());
    assertThat(second.privateKey().getEncoded()).isEqualTo(first.privateKey().getEncoded());
  }

  @Test
  void loadedCaSignsLeavesThatVerifyAgainstTheOriginal() throws Exception {
    CertificateAuthority created = store.loadOrCreate(dir);
    LeafCertificate leaf = new LeafMinter(store.load(dir)).mint("example.com");

    leaf.certificate().verify(created.certificate().getPublicKey());
  }

  @Test
  void rejectsKeyThatDoesNotMatchCertificate() throws Exception {
    store.loadOrCreate(dir.resolve("a"));
    store.loadOrCreate(dir.resolve("b"));
    Files.copy(
        dir.resolve("b/ca.key"), dir.resolve("a/ca.key"), StandardCopyOption.REPLACE_EXISTING);
    byte[] certBefore = Files.readAllBytes(dir.resolve("a/ca.pem"));

    assertThatThrownBy(() -> store.loadOrCreate(dir.resolve("a")))
        .isInstanceOf(CertsException.class)
        .hasMessageContaining("does not match");
    assertThat(Files.readAllBytes(dir.resolve("a/ca.pem"))).isEqualTo(certBefore);
  }

  @Test
  void refusesToReplaceWhenOnlyOneFileExists() throws Exception {
    store.loadOrCreate(dir);
    Files.delete(dir.resolve("ca.key"));
    byte[] certBefore = Files.readAllBytes(dir.resolve("ca.pem"));

    assertThatThrownBy(() -> store.loadOrCreate(dir))
        .isInstanceOf(CertsException.class)
        .hasMessageContaining("has ca.pem but no ca.key");
    assertThat(dir.resolve("ca.key")).doesNotExist();
    assertThat(Files.readAllBytes(dir.resolve("ca.pem"))).isEqualTo(certBefore);
  }

  @Test
  void rejectsUnparseableFiles() throws Exception {
    store.loadOrCreate(dir);
    Files.writeString(dir.resolve("ca.key"), "not a key\n");

    assertThatThrownBy(() -> store.loadOrCreate(dir))
        .isInstanceOf(CertsException.class)
        .hasMessageContaining("ca.key");
  }

  @Test
  void rejectsLeafCertificateAsCa() throws Exception {
    CertificateAuthority ca = store.loadOrCreate(dir);
    LeafCertificate leaf = new LeafMinter(ca).mint("example.com");
    Files.writeString(dir.resolve("ca.pem"), Pem.encodeCertificate(leaf.certificate()));
    Files.writeString(dir.resolve("ca.key"), Pem.encodePrivateKey(leaf.privateKey()));

    assertThatThrownBy(() -> store.load(dir))
        .isInstanceOf(CertsException.class)
        .hasMessageContaining("expected: a CA certificate");
  }

  @Test
  void createReplacesAnExistingCa() {
    CertificateAuthority old = store.loadOrCreate(dir);
    CertificateAuthority replaced = store.create(dir);

    assertThat(replaced.certificate().getSerialNumber())
        .isNotEqualTo(old.certificate().getSerialNumber());
    assertThat(store.loadOrCreate(dir).certificate()).isEqualTo(replaced.certificate());
  }

  @Test
  void saveWritesAGivenCaAndReplacesOnlyWhenAsked() {
    CertificateAuthority given = CertificateAuthority.generate();
    assertThat(CaStore.exists(dir)).isFalse();
    store.save(dir, given, false);
    assertThat(CaStore.exists(dir)).isTrue();
    assertThat(store.load(dir).fingerprint()).isEqualTo(given.fingerprint());

    CertificateAuthority other = CertificateAuthority.generate();
    assertThatThrownBy(() -> store.save(dir, other, false)).isInstanceOf(CertsException.class);
    assertThat(store.load(dir).fingerprint()).isEqualTo(given.fingerprint());
    store.save(dir, other, true);
    assertThat(store.load(dir).fingerprint()).isEqualTo(other.fingerprint());
  }

  @Test
  void exportPemRoundTrips() throws Exception {
    CertificateAuthority ca = store.loadOrCreate(dir);
    String pem = ca.exportPem();

    assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(pem).isEqualTo(Files.readString(dir.resolve("ca.pem")));
    X509Certificate parsed =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    assertThat(parsed).isEqualTo(ca.certificate());
  }

  @Test
  void toStringOmitsKey() {
    CertificateAuthority ca = CertificateAuthority.generate();
    assertThat(ca.toString()).contains("Airlock Local CA").doesNotContain("PRIVATE");
  }
}
