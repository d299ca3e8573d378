package dev.airlock.admin.http;

import dev.airlock.admin.store.Principal;
import java.util.List;

/**
 * What an admin key may see and change. An environment-scoped key sees only its environment:
 * another environment's resources do not exist for it (404, so it learns nothing of them), and
 * creating in another environment is forbidden (403). Tenant-wide resources (admin keys, the
 * audit chain as a whole) need a tenant-wide key. {@code auditor} keys read only (the router
 * refuses their writes before any handler runs).
 *
 * <p>Policies apply to a set of environments ({@code env_names}, {@code ["*"]} for all). A scoped
 * key sees the policies that apply to its environment, including those for every environment or
 * for several; it changes only those whose env_names are exactly its own environment, since any
 * other change would reach environments it does not govern.
 */
final class Scopes {
  private Scopes() {}

  /** The environment a list is limited to: the key's own, or the one asked for (null: all). */
  static String listEnv(Principal who, String requested) {
    if (who.isTenantWide()) {
      return requested;
    }
    if (requested != null && !requested.equals(who.env())) {
      throw ApiException.notFound("environment not found: " + requested);
    }
    return who.env();
  }

  /** A resource of environment {@code env} read or changed by id: 404 when the key cannot see it. */
  static void requireVisible(Principal who, String env, String notFoundMessage) {
    if (!who.canSee(env)) {
      throw ApiException.notFound(notFoundMessage);
    }
  }

  /** Creating a resource in environment {@code env}: 403 when the key is scoped to another one. */
  static void requireCreateIn(Principal who, String env) {
    if (!who.canSee(env)) {
      throw ApiException.forbidden("this key is limited to environment " + who.env() + "; it cannot create in " + env);
    }
  }

  /** Tenant-wide operations (admin keys, environments themselves, verifying the audit chain). */
  static void requireTenantWide(Principal who, String what) {
    if (!who.isTenantWide()) {
      throw ApiException.forbidden(what + " needs a tenant-wide key; this key is limited to environment " + who.env());
    }
  }

  /** Operations reserved for owners (e.g. removing production status, owner keys). */
  static void requireOwner(Principal who, String what) {
    if (who.role() != Principal.Role.OWNER) {
      throw ApiException.forbidden(what + " needs the owner role; this key is " + who.role().slug());
    }
  }

  /** A policy applying to {@code envNames}: 404 when it does not apply to the key's environment. */
  static void requireVisiblePolicy(Principal who, List<String> envNames, String notFoundMessage) {
    if (!who.isTenantWide() && !envNames.contains("*") && !envNames.contains(who.env())) {
      throw ApiException.notFound(notFoundMessage);
    }
  }

  /** Changing a policy applying to {@code envNames}: 403 unless they are exactly the key's environment. */
  static void requireChangePolicy(Principal who, List<String> envNames) {
    if (!who.isTenantWide() && !envNames.equals(List.of(who.env()))) {
      throw ApiException.forbidden("this key is limited to environment " + who.env()
          + "; a policy with env_names " + envNames + " is changed with a tenant-wide key");
    }
  }
}
