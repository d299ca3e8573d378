package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

/**
 * Who made a change, as the audit log records it.
 *
 * @param keyId the admin key's id, or {@code system} for Airlock's own changes (first start)
 * @param role the key's role, or {@code system}
 * @param requestId the admin API request id ({@code req_…}), or what started a system change
 */
public record AuditActor(String keyId, String role, String requestId) {
  public static final AuditActor STARTUP = new AuditActor("system", "system", "startup");

  public AuditActor {
    requireNonNull(keyId, "keyId");
    requireNonNull(role, "role");
    requireNonNull(requestId, "requestId");
  }

  public static AuditActor of(Principal p, String requestId) {
    return new AuditActor(p.keyId(), p.role().slug(), requestId);
  }
}
