package dev.airlock.proxy.normalize;

import static java.util.Objects.requireNonNull;

/**
 * One ref update of a git push, as sent in the receive-pack command list.
 *
 * @param oldId 40-hex old object id (all zeros when the ref is created)
 * @param newId 40-hex new object id (all zeros when the ref is deleted)
 * @param refName full ref name, e.g. refs/heads/main
 * @param forcePush TRUE when the new commit does not descend from the old one
 */
public record RefUpdate(String oldId, String newId, String refName, ForcePush forcePush) {
  public static final String ZERO_ID = "0000000000000000000000000000000000000000";

  public RefUpdate {
    requireNonNull(oldId, "oldId");
    requireNonNull(newId, "newId");
    requireNonNull(refName, "refName");
    requireNonNull(forcePush, "forcePush");
  }

  public boolean created() {
    return ZERO_ID.equals(oldId);
  }

  public boolean deleted() {
    return ZERO_ID.equals(newId);
  }
}
