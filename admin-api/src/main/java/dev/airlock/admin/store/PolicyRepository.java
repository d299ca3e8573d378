package dev.airlock.admin.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Versioned policies. A policy is identified by (name, env set); applying stores a new version and
 * makes it the only current one. Old versions are kept. Blocking JDBC: use a store executor.
 */
public final class PolicyRepository {
  private static final String COLUMNS =
      "id, name, description, env_names, version, is_current, rule_count, document::text AS document,"
          + " created_at";

  private final Jdbc jdbc;

  public PolicyRepository(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /**
   * Stores {@code policy} as the next version of (name, env set) and returns it. Environment names
   * are not checked: a policy may name an environment that is created later.
   */
  public StoredPolicy apply(ValidatedPolicy policy) {
    String envSet = envSet(policy.envNames());
    return jdbc.transaction(
        "apply policy " + policy.name(),
        c -> {
          // Serialises concurrent applies of the same policy so version numbers never collide.
          try (PreparedStatement lock =
              c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, policy.name() + "\n" + envSet);
            lock.execute();
          }
          int next;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT coalesce(max(version), 0) + 1 FROM policies WHERE name = ? AND env_set = ?")) {
            ps.setString(1, policy.name());
            ps.setString(2, envSet);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              next = rs.getInt(1);
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE policies SET is_current = false WHERE name = ? AND env_set = ? AND is_current")) {
            ps.setString(1, policy.name());
            ps.setString(2, envSet);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO policies (id, name, env_set, env_names, description, version,"
                      + " is_current, rule_count, document) VALUES (?, ?, ?, ?, ?, ?, true, ?, ?::jsonb)"
                      + " RETURNING " + COLUMNS)) {
            ps.setString(1, Ids.newId("pol"));
            ps.setString(2, policy.name());
            ps.setString(3, envSet);
            ps.setArray(4, Jdbc.textArray(c, List.copyOf(new TreeSet<>(policy.envNames()))));
            ps.setString(5, policy.description());
            ps.setInt(6, next);
            ps.setInt(7, policy.ruleCount());
            ps.setString(8, policy.documentJson());
            return Jdbc.list(ps, PolicyRepository::map).get(0);
          }
        });
  }

  /** Current policies applying to {@code env} (named or {@code "*"}); all current when env is null. */
  public List<StoredPolicy> listCurrent(String env) {
    return jdbc.read(
        "list policies",
        c -> {
          String where =
              env == null ? "" : " AND (? = ANY (env_names) OR '*' = ANY (env_names))";
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM policies WHERE is_current" + where + " ORDER BY name, id")) {
            if (env != null) {
              ps.setString(1, env);
            }
            return Jdbc.list(ps, PolicyRepository::map);
          }
        });
  }

  /** Every current policy, for compiling the engine snapshot. */
  public List<StoredPolicy> loadAllCurrent() {
    return listCurrent(null);
  }

  /** Any version that has not been deleted. */
  public Optional<StoredPolicy> find(String id) {
    return jdbc.read(
        "find policy",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM policies WHERE id = ? AND deleted_at IS NULL")) {
            ps.setString(1, id);
            return Jdbc.list(ps, PolicyRepository::map).stream().findFirst();
          }
        });
  }

  /**
   * Deletes the policy that version {@code id} belongs to: no version of it stays current, so the
   * engine stops applying it. Versions are kept (marked deleted) for audit; returns false when the
   * id is unknown or already deleted.
   */
  public boolean delete(String id) {
    return jdbc.transaction(
        "delete policy",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE policies p SET is_current = false, deleted_at = now() FROM policies v"
                      + " WHERE v.id = ? AND v.deleted_at IS NULL"
                      + " AND p.name = v.name AND p.env_set = v.env_set AND p.deleted_at IS NULL")) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
          }
        });
  }

  public long count() {
    return jdbc.read("count policies", PolicyRepository::count);
  }

  private static long count(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM policies");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String envSet(List<String> envNames) {
    return String.join(",", new TreeSet<>(envNames));
  }

  private static StoredPolicy map(ResultSet rs) throws SQLException {
    return new StoredPolicy(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("description"),
        Jdbc.strings(rs, "env_names"),
        rs.getInt("version"),
        rs.getBoolean("is_current"),
        rs.getInt("rule_count"),
        rs.getString("document"),
        Jdbc.instant(rs, "created_at"));
  }
}
