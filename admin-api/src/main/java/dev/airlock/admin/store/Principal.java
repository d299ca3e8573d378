package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * Who calls the admin API: the admin key's id, its role and the one environment it is limited
 * to (null: every environment of the tenant).
 *
 * <p>Roles: {@code owner} may do everything; {@code admin} everything but what the reference
 * model reserves for owners (removing production status, owner keys); {@code auditor} reads only.
 *
 * @param keyId id of the admin key ({@code tok_…}), recorded as the actor of every change
 * @param role the key's role
 * @param env the environment the key is scoped to, or null when tenant-wide
 */
public record Principal(String keyId, Role role, String env) {
  /** Admin key roles, strongest first. */
  public enum Role {
    OWNER, ADMIN, AUDITOR;

    public String slug() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code value} (lower case), or null when it names none. */
    public static Role of(String value) {
      for (Role r : values()) {
        if (r.slug().equals(value)) {
          return r;
        }
      }
      return null;
    }
  }

  public Principal {
    requireNonNull(keyId, "keyId");
    requireNonNull(role, "role");
  }

  public boolean isTenantWide() {
    return env == null;
  }

  /** Whether this key may see resources of environment {@code slug}. */
  public boolean canSee(String slug) {
    return env == null || env.equals(slug);
  }

  public boolean canWrite() {
    return role != Role.AUDITOR;
  }
}
