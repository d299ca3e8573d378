package dev.airlock.admin.bootstrap;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a start did. Secrets are present only when they were created by this start, so that the
 * caller prints them exactly once.
 *
 * @param firstStart no admin token existed in the data dir before this start
 * @param newAgentKey the {@code local-agent} key, when created now
 * @param newAdminToken the admin token, when created now
 * @param loadedPolicies files loaded from the policies directory (first start only)
 * @param adminTokenFile {@code DATA/admin-token}
 * @param quickstartFile {@code DATA/quickstart.env}
 * @param quickstartHasAgentKey false when the agent key could not be recovered (the file was
 *     deleted after the first start); the file then says how to create a new key
 */
public record BootstrapResult(
    boolean firstStart,
    Optional<String> newAgentKey,
    Optional<String> newAdminToken,
    List<String> loadedPolicies,
    Path adminTokenFile,
    Path quickstartFile,
    boolean quickstartHasAgentKey) {
  public BootstrapResult {
    requireNonNull(newAgentKey, "newAgentKey");
    requireNonNull(newAdminToken, "newAdminToken");
    loadedPolicies = List.copyOf(loadedPolicies);
    requireNonNull(adminTokenFile, "adminTokenFile");
    requireNonNull(quickstartFile, "quickstartFile");
  }

  @Override
  public String toString() {
    return "BootstrapResult[firstStart=" + firstStart
        + ", newAgentKey=" + newAgentKey.map(k -> "****").orElse("none")
        + ", newAdminToken=" + newAdminToken.map(k -> "****").orElse("none")
        + ", loadedPolicies=" + loadedPolicies + ", quickstartFile=" + quickstartFile + "]";
  }
}
