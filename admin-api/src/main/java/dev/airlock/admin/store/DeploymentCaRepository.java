package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The deployment's CA as recorded by the first node that started: its certificate, and its private
 * key sealed under the operator's deployment key when one was given. Blocking JDBC.
 */
public final class DeploymentCaRepository {
  /**
   * @param sealedKey the private key sealed with {@code dev.airlock.certs.CaSeal}, or null when
   *     only the certificate is recorded
   */
  public record StoredCa(String fingerprint, String certificatePem, byte[] sealedKey) {
    public StoredCa {
      requireNonNull(fingerprint, "fingerprint");
      requireNonNull(certificatePem, "certificatePem");
    }

    public boolean hasKey() {
      return sealedKey != null;
    }
  }

  private final Jdbc jdbc;

  public DeploymentCaRepository(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  public Optional<StoredCa> find() {
    return jdbc.read("read the deployment CA", c -> {
      try (PreparedStatement ps = c.prepareStatement(
              "SELECT fingerprint, certificate, sealed_key FROM deployment_ca");
          ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new StoredCa(rs.getString(1), rs.getString(2), rs.getBytes(3)))
            : Optional.empty();
      }
    });
  }

  /** Records {@code ca} unless a CA is recorded already; returns whether this call recorded it. */
  public boolean insertIfAbsent(StoredCa ca) {
    return jdbc.transaction("record the deployment CA", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO deployment_ca (fingerprint, certificate, sealed_key) VALUES (?, ?, ?)"
              + " ON CONFLICT (id) DO NOTHING")) {
        ps.setString(1, ca.fingerprint());
        ps.setString(2, ca.certificatePem());
        ps.setBytes(3, ca.sealedKey());
        return ps.executeUpdate() == 1;
      }
    });
  }

  /** Records {@code ca} in place of whatever CA is recorded. */
  public void replace(StoredCa ca) {
    jdbc.transaction("replace the deployment CA", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO deployment_ca (fingerprint, certificate, sealed_key) VALUES (?, ?, ?)"
              + " ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint,"
              + " certificate = excluded.certificate, sealed_key = excluded.sealed_key, updated_at = now()")) {
        ps.setString(1, ca.fingerprint());
        ps.setString(2, ca.certificatePem());
        ps.setBytes(3, ca.sealedKey());
        ps.executeUpdate();
        return null;
      }
    });
  }

  /**
   * Adds the sealed key to the recorded CA if it is the CA with this fingerprint and has none yet;
   * returns whether it did.
   */
  public boolean addSealedKey(String fingerprint, byte[] sealedKey) {
    requireNonNull(sealedKey, "sealedKey");
    return jdbc.transaction("store the deployment CA key", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE deployment_ca SET sealed_key = ?, updated_at = now()"
              + " WHERE fingerprint = ? AND sealed_key IS NULL")) {
        ps.setBytes(1, sealedKey);
        ps.setString(2, fingerprint);
        return ps.executeUpdate() == 1;
      }
    });
  }
}
