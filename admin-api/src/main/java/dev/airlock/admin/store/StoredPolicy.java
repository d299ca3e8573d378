package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/** One stored version of a policy. */
public record StoredPolicy(
    String id,
    String name,
    String description,
    List<String> envNames,
    int version,
    boolean current,
    int ruleCount,
    String documentJson,
    Instant createdAt) {
  public StoredPolicy {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    envNames = List.copyOf(envNames);
    requireNonNull(documentJson, "documentJson");
  }
}
