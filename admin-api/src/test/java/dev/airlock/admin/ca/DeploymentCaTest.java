package dev.airlock.admin.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.admin.config.CaSettings;
import dev.airlock.admin.config.ConfigException;
import dev.airlock.admin.store.DeploymentCaRepository;
import dev.airlock.admin.store.StoreTestBase;
import dev.airlock.certs.CaSeal;
import dev.airlock.certs.CaStore;
import dev.airlock.certs.CertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which CA a node mints from, for every combination of local CA, recorded CA and deployment key. */
class DeploymentCaTest extends StoreTestBase {
  private static DeploymentCaRepository stored;
  private final CaStore files = new CaStore();
  @TempDir
  Path dir;

  DeploymentCaTest() {
    super(Seed.EMPTY);
  }

  @BeforeAll
  static void start() {
    stored = new DeploymentCaRepository(db.dataSource());
  }

  @Test
  void withoutAKeyTheFirstNodeKeepsItsCaOnDiskAndRecordsOnlyTheCertificate() throws Exception {
    Path first = dir.resolve("a/ca");
    CertificateAuthority ca = resolve(first, CaSettings.none());

    assertThat(files.load(first).fingerprint()).isEqualTo(ca.fingerprint());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.resolve("ca.key"))))
        .isEqualTo("rw-------");
    DeploymentCaRepository.StoredCa row = stored.find().orElseThrow();
    assertThat(row.fingerprint()).isEqualTo(ca.fingerprint());
    assertThat(row.certificatePem()).isEqualTo(ca.exportPem());
    assertThat(row.hasKey()).isFalse();
    // Restarts find the same CA.
    assertThat(resolve(first, CaSettings.none()).fingerprint()).isEqualTo(ca.fingerprint());
  }

  @Test
  void anExistingSingleNodeCaBecomesTheDeploymentsCa() {
    Path caDir = dir.resolve("ca");
    CertificateAuthority existing = files.loadOrCreate(caDir);
    assertThat(resolve(caDir, CaSettings.none()).fingerprint()).isEqualTo(existing.fingerprint());
    assertThat(stored.find().orElseThrow().fingerprint()).isEqualTo(existing.fingerprint());
  }

  @Test
  void withAKeyLaterNodesTakeTheCaFromTheDatabase() {
    CaSettings key = key(randomKey());
    CertificateAuthority first = resolve(dir.resolve("a/ca"), key);
    assertThat(stored.find().orElseThrow().hasKey()).isTrue();

    Path second = dir.resolve("b/ca");
    CertificateAuthority taken = resolve(second, key);
    assertThat(taken.fingerprint()).isEqualTo(first.fingerprint());
    assertThat(files.load(second).fingerprint()).as("written to the second node's disk too").isEqualTo(first.fingerprint());
  }

  @Test
  void aNodeWithAnotherCaIsRefusedWithHowToShareIt() {
    CertificateAuthority deployment = resolve(dir.resolve("a/ca"), CaSettings.none());
    Path other = dir.resolve("b/ca");
    CertificateAuthority own = files.loadOrCreate(other);

    assertThatThrownBy(() -> resolve(other, CaSettings.none()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("this node's CA in " + other + " (" + DeploymentCa.shortly(own.fingerprint())
            + ") is not the deployment's CA recorded in the database (" + DeploymentCa.shortly(deployment.fingerprint())
            + "), and every node must present leaves from the same CA: copy ca.pem and ca.key from another node's"
            + " data directory into " + other + ", or start with --adopt-ca and the deployment's CA key"
            + " (--ca-key-file or AIRLOCK_CA_KEY) to replace this node's CA with it; if this node's CA is new on"
            + " purpose, --record-ca makes it the deployment's (see README, \"Several nodes\")");
    assertThat(files.load(other).fingerprint()).as("left as it was").isEqualTo(own.fingerprint());
  }

  @Test
  void aNewNodeWithoutKeyWhereTheDatabaseHasOnlyTheCertificateIsToldToCopyTheFiles() {
    resolve(dir.resolve("a/ca"), CaSettings.none());
    Path fresh = dir.resolve("b/ca");

    assertThatThrownBy(() -> resolve(fresh, CaSettings.none()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("this node has no CA in " + fresh + " and cannot take the deployment's CA (sha256:")
        .hasMessageContaining("the database records only its certificate")
        .hasMessageContaining("copy ca.pem and ca.key from another node's data directory into " + fresh);
    assertThat(CaStore.exists(fresh)).as("no CA of its own was made").isFalse();
  }

  @Test
  void aNodeWithoutTheKeyWhereTheKeyIsSealedIsToldToGiveIt() {
    resolve(dir.resolve("a/ca"), key(randomKey()));
    Path fresh = dir.resolve("b/ca");
    assertThatThrownBy(() -> resolve(fresh, CaSettings.none()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("its key is sealed in the database; start this node with the deployment's CA key");
  }

  @Test
  void aWrongKeyIsRefusedEvenOnANodeWhoseCaMatches() {
    Path first = dir.resolve("a/ca");
    resolve(first, key(randomKey()));
    assertThatThrownBy(() -> resolve(first, key(randomKey())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("AIRLOCK_CA_KEY: does not open the deployment's CA key sealed in the database");
    assertThatThrownBy(() -> resolve(dir.resolve("b/ca"), key(randomKey())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("every node needs the same CA key");
  }

  @Test
  void aKeyGivenLaterSealsTheRecordedCaSoNewNodesCanTakeIt() {
    Path first = dir.resolve("a/ca");
    CertificateAuthority ca = resolve(first, CaSettings.none());
    CaSettings key = key(randomKey());
    resolve(first, key); // the first node restarted with the deployment key
    assertThat(stored.find().orElseThrow().hasKey()).isTrue();
    assertThat(resolve(dir.resolve("b/ca"), key).fingerprint()).isEqualTo(ca.fingerprint());
  }

  @Test
  void adoptingReplacesTheLocalCaAndKeepsTheOldOneAside() throws Exception {
    CaSettings key = key(randomKey());
    CertificateAuthority deployment = resolve(dir.resolve("a/ca"), key);
    Path other = dir.resolve("b/ca");
    CertificateAuthority own = files.loadOrCreate(other);

    CaSettings adopt = new CaSettings(key.seal(), key.keySource(), true);
    assertThat(resolve(other, adopt).fingerprint()).isEqualTo(deployment.fingerprint());
    assertThat(files.load(other).fingerprint()).isEqualTo(deployment.fingerprint());
    try (Stream<Path> aside = Files.list(other)) {
      Path replaced = aside.filter(p -> p.getFileName().toString().startsWith("replaced-")).findFirst().orElseThrow();
      assertThat(files.load(replaced).fingerprint()).isEqualTo(own.fingerprint());
    }
    // Adopting needs the key: without it the database cannot give the CA.
    CertificateAuthority yetAnother = files.loadOrCreate(dir.resolve("c/ca"));
    assertThatThrownBy(() -> resolve(dir.resolve("c/ca"), new CaSettings(null, null, true)))
        .hasMessageStartingWith("cannot adopt the deployment's CA");
    assertThat(files.load(dir.resolve("c/ca")).fingerprint()).isEqualTo(yetAnother.fingerprint());
  }

  @Test
  void recordingMakesAReplacedLocalCaTheDeploymentsCa() {
    Path caDir = dir.resolve("a/ca");
    resolve(caDir, CaSettings.none());
    CertificateAuthority renewed = files.create(caDir); // airlock ca init --force
    assertThatThrownBy(() -> resolve(caDir, CaSettings.none())).isInstanceOf(ConfigException.class);

    assertThat(resolve(caDir, new CaSettings(null, null, false, true)).fingerprint()).isEqualTo(renewed.fingerprint());
    assertThat(stored.find().orElseThrow().fingerprint()).isEqualTo(renewed.fingerprint());
    assertThat(resolve(caDir, CaSettings.none()).fingerprint()).as("and later starts need nothing")
        .isEqualTo(renewed.fingerprint());
  }

  private static CertificateAuthority resolve(Path caDir, CaSettings settings) {
    return new DeploymentCa(caDir, stored, settings).resolve();
  }

  private static CaSettings key(byte[] key) {
    return new CaSettings(CaSeal.fromBase64(Base64.getEncoder().encodeToString(key), "AIRLOCK_CA_KEY"),
        "AIRLOCK_CA_KEY", false);
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
