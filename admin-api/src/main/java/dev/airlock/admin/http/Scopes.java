package dev.airlock.admin.http;

import dev.airlock.admin.store.Principal;

/**
 * What an admin key may see and change. An environment-scoped key sees only its environment:
 * another environment's resources do not exist for it (404, so it learns nothing of them), and
 * creating in another environment is forbidden (403). Tenant-wide resources (admin keys, the
 * audit chain as a whole) need a tenant-wide key. {@code auditor} keys read only (the router
 * refuses their writes before any handler runs).
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
}
