package dev.airlock.admin.config;

import dev.airlock.certs.CaSeal;

/**
 * How this node finds the deployment's CA (see {@code dev.airlock.admin.ca.DeploymentCa}).
 *
 * @param seal the deployment key that seals the CA key in the database, or null: the CA key then
 *     stays on each node's disk and the database records only the certificate
 * @param keySource where the deployment key came from, for messages ({@code AIRLOCK_CA_KEY}, a
 *     file), or null
 * @param adopt replace a local CA that differs from the deployment's with the deployment's
 * @param record the opposite: make this node's local CA the deployment's, replacing the recorded
 *     one (after the CA was replaced on purpose, e.g. with {@code airlock ca init --force})
 */
public record CaSettings(CaSeal seal, String keySource, boolean adopt, boolean record) {
  public CaSettings {
    if ((seal == null) != (keySource == null)) {
      throw new IllegalArgumentException("seal and keySource: both or neither");
    }
    if (adopt && record) {
      throw new ConfigException("--adopt-ca and --record-ca are both set (expected: one of them)");
    }
  }

  public CaSettings(CaSeal seal, String keySource, boolean adopt) {
    this(seal, keySource, adopt, false);
  }

  public static CaSettings none() {
    return new CaSettings(null, null, false, false);
  }

  @Override
  public String toString() {
    return "CaSettings[key=" + (keySource == null ? "none" : keySource) + ", adopt=" + adopt + ", record=" + record
        + "]";
  }
}
