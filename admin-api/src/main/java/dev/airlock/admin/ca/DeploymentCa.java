package dev.airlock.admin.ca;

import static java.util.Objects.requireNonNull;

import dev.airlock.admin.config.CaSettings;
import dev.airlock.admin.config.ConfigException;
import dev.airlock.admin.store.DeploymentCaRepository;
import dev.airlock.admin.store.DeploymentCaRepository.StoredCa;
import dev.airlock.certs.CaSeal;
import dev.airlock.certs.CaStore;
import dev.airlock.certs.CertificateAuthority;
import dev.airlock.certs.CertsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which CA this node mints from, so that every node of a deployment presents leaves from
 * the same one.
 *
 * <p>The first node to reach the database records its CA there (its local CA, or a new one): the
 * certificate always, the private key only sealed under the deployment key when the operator gave
 * one ({@link CaSettings#seal}). Every later node compares: a node whose local CA is the recorded
 * one uses it; a node without a local CA takes the recorded one when it can open its key; a node
 * with another CA refuses to start, unless told to adopt the recorded one, or to record its own in
 * its place (the CA was replaced on purpose). The CA in use is always
 * also in {@code caDir} (ca.pem, ca.key 0600), where clients and {@code airlock ca export} find it
 * and where a node that starts while its database is down finds it again.
 *
 * <p>With no deployment key nothing changes for a single node: its CA stays on its disk, and the
 * database only remembers which CA that is.
 */
public final class DeploymentCa {
  private static final Logger log = LoggerFactory.getLogger(DeploymentCa.class);
  private static final String SHARE_HOW = "see README, \"Several nodes\"";

  private final Path caDir;
  private final DeploymentCaRepository stored;
  private final CaSettings settings;
  private final CaStore files;
  private final Clock clock;

  public DeploymentCa(Path caDir, DeploymentCaRepository stored, CaSettings settings) {
    this(caDir, stored, settings, new CaStore(), Clock.systemUTC());
  }

  DeploymentCa(Path caDir, DeploymentCaRepository stored, CaSettings settings, CaStore files, Clock clock) {
    this.caDir = requireNonNull(caDir, "caDir");
    this.stored = requireNonNull(stored, "stored");
    this.settings = requireNonNull(settings, "settings");
    this.files = requireNonNull(files, "files");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * The CA this node mints from. Blocking JDBC and file I/O.
   *
   * @throws ConfigException when this node cannot use the deployment's CA; the message says how to
   *     give it the right one
   */
  public CertificateAuthority resolve() {
    CertificateAuthority local = CaStore.exists(caDir) ? files.loadOrCreate(caDir) : null;
    Optional<StoredCa> recorded = stored.find();
    if (recorded.isEmpty()) {
      CertificateAuthority mine = local != null ? local : CertificateAuthority.generate();
      if (stored.insertIfAbsent(record(mine))) {
        if (local == null) {
          files.save(caDir, mine, false);
        }
        log.info("this node's CA ({}) is now the deployment's CA{}", mine.fingerprint(),
            settings.seal() == null ? " (its key stays in " + caDir + ")" : ", its key sealed in the database");
        return mine;
      }
      recorded = stored.find(); // another node recorded its CA first; a generated one is dropped
    }
    StoredCa deployment = recorded.orElseThrow(() -> new IllegalStateException("deployment CA vanished"));
    if (local != null && local.fingerprint().equals(deployment.fingerprint())) {
      checkSealedKey(local, deployment);
      return local;
    }
    if (local != null && settings.record()) {
      stored.replace(record(local));
      log.warn("this node's CA ({}) replaces {} as the deployment's CA: every other node must be given it, and agents"
          + " must trust it", local.fingerprint(), deployment.fingerprint());
      return local;
    }
    if (local != null && !settings.adopt()) {
      throw new ConfigException("this node's CA in " + caDir + " (" + shortly(local.fingerprint())
          + ") is not the deployment's CA recorded in the database (" + shortly(deployment.fingerprint())
          + "), and every node must present leaves from the same CA: copy ca.pem and ca.key from another node's"
          + " data directory into " + caDir + ", or start with --adopt-ca and the deployment's CA key"
          + " (--ca-key-file or AIRLOCK_CA_KEY) to replace this node's CA with it; if this node's CA is new on"
          + " purpose, --record-ca makes it the deployment's (" + SHARE_HOW + ")");
    }
    CertificateAuthority shared = open(deployment, local != null);
    if (local != null) {
      keepReplaced();
    }
    files.save(caDir, shared, local != null);
    log.info("{} the deployment's CA ({}) from the database into {}", local != null ? "adopted" : "took",
        shared.fingerprint(), caDir);
    return shared;
  }

  /** The recorded CA with its key, or why this node cannot have it. */
  private CertificateAuthority open(StoredCa deployment, boolean adopting) {
    String what = (adopting ? "cannot adopt" : "this node has no CA in " + caDir + " and cannot take")
        + " the deployment's CA (" + shortly(deployment.fingerprint()) + ")";
    if (!deployment.hasKey()) {
      throw new ConfigException(what + ": the database records only its certificate, its key is on the disk of the"
          + " node that created it; copy ca.pem and ca.key from another node's data directory into " + caDir
          + ", or give every node the same CA key (--ca-key-file or AIRLOCK_CA_KEY) (" + SHARE_HOW + ")");
    }
    if (settings.seal() == null) {
      throw new ConfigException(what + ": its key is sealed in the database; start this node with the"
          + " deployment's CA key (--ca-key-file or AIRLOCK_CA_KEY) (" + SHARE_HOW + ")");
    }
    return unseal(settings.seal(), deployment);
  }

  /**
   * A deployment key given to a node whose CA is the recorded one: it seals the key into the
   * database if none is there yet (a deployment moving from keys on disk to a shared key), and
   * otherwise must open the one there, so a mistyped key is found on the node that has it.
   */
  private void checkSealedKey(CertificateAuthority local, StoredCa deployment) {
    CaSeal seal = settings.seal();
    if (seal == null) {
      return;
    }
    if (!deployment.hasKey()) {
      if (stored.addSealedKey(local.fingerprint(), seal.seal(local))) {
        log.info("the deployment's CA key is now sealed in the database: nodes given the same CA key take it from there");
      }
      return;
    }
    unseal(seal, deployment);
  }

  private CertificateAuthority unseal(CaSeal seal, StoredCa deployment) {
    try {
      return seal.open(deployment.sealedKey(), deployment.certificatePem());
    } catch (CertsException e) {
      throw new ConfigException(settings.keySource() + ": does not open the deployment's CA key sealed in the"
          + " database (" + e.getMessage() + "); every node needs the same CA key (" + SHARE_HOW + ")", e);
    }
  }

  /** Moves the CA being replaced aside instead of losing it: agents may still trust it. */
  private void keepReplaced() {
    Path aside = caDir.resolve("replaced-" + clock.millis());
    try {
      Files.createDirectories(aside);
      for (String name : new String[] {CaStore.CERT_FILE, CaStore.KEY_FILE}) {
        Path file = caDir.resolve(name);
        if (Files.exists(file)) {
          Files.copy(file, aside.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the replaced CA in " + aside + ": " + e.getMessage(), e);
    }
    log.warn("this node's previous CA is kept in {}; agents that trusted it must trust the deployment's CA", aside);
  }

  private StoredCa record(CertificateAuthority ca) {
    return new StoredCa(ca.fingerprint(), ca.exportPem(), settings.seal() == null ? null : settings.seal().seal(ca));
  }

  /** Enough of a fingerprint to tell two CAs apart in one line. */
  static String shortly(String fingerprint) {
    return fingerprint.length() > 23 ? fingerprint.substring(0, 23) : fingerprint;
  }
}
