package dev.airlock.admin.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements that delete one environment and what belongs only to it, run inside the caller's
 * transaction. What stays: traces and audit events (no foreign key ties them to the environment,
 * so they outlive it for the retention window), and policies that also name other environments
 * (they keep applying there).
 */
final class EnvironmentRemoval {
  private static final int NAMES_IN_MESSAGE = 5;

  private EnvironmentRemoval() {}

  static DeletedEnvironment remove(Connection c, String slug) throws SQLException {
    // Every environment row is locked: two concurrent deletions cannot both see "one is left",
    // and an agent being created in this environment (its foreign key check) waits for us.
    List<Environment> all;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + EnvironmentRepository.COLUMNS + " FROM environments ORDER BY slug FOR UPDATE")) {
      all = Jdbc.list(ps, EnvironmentRepository::map);
    }
    Environment env = all.stream().filter(e -> e.slug().equals(slug)).findFirst()
        .orElseThrow(() -> StoreException.notFound("environment not found: " + slug));
    if (all.size() == 1) {
      throw conflict("last_environment", "environment " + slug + " is the only one; at least one environment"
          + " must exist (create another first)");
    }
    if (env.production()) {
      throw conflict("production_environment", "environment " + slug + " is marked production and cannot be"
          + " deleted; an owner must remove the flag first (is_production: false)");
    }
    List<String> agentIds = removeAgents(c, slug);
    List<String> policyNames = deletePolicies(c, slug);
    List<String> keyIds = strings(c, "DELETE FROM admin_tokens WHERE env = ? RETURNING id", slug);
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM environments WHERE slug = ?")) {
      ps.setString(1, slug);
      ps.executeUpdate();
    }
    return new DeletedEnvironment(env, agentIds, policyNames, keyIds.stream().sorted().toList());
  }

  /** Refuses while an agent is active; otherwise deletes the (suspended) agents, keys cascading. */
  private static List<String> removeAgents(Connection c, String slug) throws SQLException {
    List<String> ids = new ArrayList<>();
    List<String> active = new ArrayList<>();
    // Locked so that an agent cannot be unsuspended between this check and its deletion.
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT id, name, status FROM agents WHERE env = ? ORDER BY name FOR UPDATE")) {
      ps.setString(1, slug);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString("id"));
          if (Agent.ACTIVE.equals(rs.getString("status"))) {
            active.add(rs.getString("name"));
          }
        }
      }
    }
    if (!active.isEmpty()) {
      String names = String.join(", ", active.subList(0, Math.min(active.size(), NAMES_IN_MESSAGE)))
          + (active.size() > NAMES_IN_MESSAGE ? ", ..." : "");
      throw conflict("environment_has_agents", "environment " + slug + " has " + active.size() + " active agent"
          + (active.size() == 1 ? "" : "s") + " (" + names + "); suspend or remove them first");
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM agents WHERE env = ?")) {
      ps.setString(1, slug);
      ps.executeUpdate();
    }
    return ids;
  }

  /**
   * Marks every version of the policies scoped to this environment alone as deleted (as deleting
   * a policy does), so the engine stops applying them and their history stays readable.
   */
  private static List<String> deletePolicies(Connection c, String slug) throws SQLException {
    List<String> names = strings(c,
        "SELECT DISTINCT name FROM policies WHERE env_set = ? AND deleted_at IS NULL ORDER BY name", slug);
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE policies SET is_current = false, deleted_at = now() WHERE env_set = ? AND deleted_at IS NULL")) {
      ps.setString(1, slug);
      ps.executeUpdate();
    }
    return names;
  }

  private static List<String> strings(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      return Jdbc.list(ps, rs -> rs.getString(1));
    }
  }

  private static StoreException conflict(String code, String message) {
    return new StoreException(StoreException.Kind.CONFLICT, code, message, null);
  }
}
