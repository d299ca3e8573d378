package dev.airlock.admin.store;

import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.EnforcementMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Environments. Blocking JDBC: call from a store executor, never from an event loop. */
public final class EnvironmentRepository {
  private static final String COLUMNS =
      "slug, name, description, is_production, enforcement_mode, default_action,"
          + " approval_hold_seconds, scrutiny_multiplier, created_at, updated_at";

  private final Jdbc jdbc;
  private final AuditLog audit;

  public EnvironmentRepository(DataSource dataSource, AuditLog audit) {
    this.jdbc = new Jdbc(dataSource);
    this.audit = audit;
  }

  /**
   * Inserts a new environment and records it in the audit log, in one transaction.
   *
   * @throws StoreException INVALID ({@code invalid_slug}) or CONFLICT when the slug exists
   */
  public Environment create(Environment env, AuditActor actor, Audit<Environment> change) {
    return create(env, actor, change, true);
  }

  /** Inserts a new environment without an audit record (tests and first-start setup only). */
  public Environment create(Environment env) {
    return create(env, null, null, false);
  }

  private Environment create(Environment env, AuditActor actor, Audit<Environment> change, boolean audited) {
    if (!Environment.SLUG.matcher(env.slug()).matches()) {
      throw StoreException.invalid(
          "invalid_slug",
          "slug",
          "slug: \"" + env.slug() + "\" (expected: ^[a-z][a-z0-9-]{1,49}$)");
    }
    return jdbc.transaction(
        "create environment " + env.slug(),
        c -> {
          Environment created;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO environments (slug, name, description, is_production,"
                      + " enforcement_mode, default_action, approval_hold_seconds,"
                      + " scrutiny_multiplier) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING "
                      + COLUMNS)) {
            bind(ps, env);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              created = map(rs);
            }
          }
          if (audited) {
            audit.append(c, actor, change.change(null, created));
          }
          return created;
        });
  }

  /** Creates the environment unless one with its slug exists; returns true when it was created. */
  public boolean createIfAbsent(Environment env) {
    return jdbc.read(
        "create environment " + env.slug(),
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO environments (slug, name, description, is_production,"
                      + " enforcement_mode, default_action, approval_hold_seconds,"
                      + " scrutiny_multiplier) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (slug) DO NOTHING")) {
            bind(ps, env);
            return ps.executeUpdate() == 1;
          }
        });
  }

  public Optional<Environment> find(String slug) {
    return jdbc.read(
        "find environment",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM environments WHERE slug = ?")) {
            ps.setString(1, slug);
            return Jdbc.list(ps, EnvironmentRepository::map).stream().findFirst();
          }
        });
  }

  public List<Environment> list() {
    return jdbc.read(
        "list environments",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM environments ORDER BY slug")) {
            return Jdbc.list(ps, EnvironmentRepository::map);
          }
        });
  }

  static boolean exists(Connection c, String slug) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM environments WHERE slug = ?")) {
      ps.setString(1, slug);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void bind(PreparedStatement ps, Environment env) throws SQLException {
    ps.setString(1, env.slug());
    ps.setString(2, env.name());
    ps.setString(3, env.description());
    ps.setBoolean(4, env.production());
    ps.setString(5, env.enforcementMode().wireName());
    ps.setString(6, env.defaultAction().name());
    ps.setInt(7, env.approvalHoldSeconds());
    ps.setDouble(8, env.scrutinyMultiplier());
  }

  private static Environment map(ResultSet rs) throws SQLException {
    return new Environment(
        rs.getString("slug"),
        rs.getString("name"),
        rs.getString("description"),
        rs.getBoolean("is_production"),
        EnforcementMode.parse(rs.getString("enforcement_mode")),
        Action.valueOf(rs.getString("default_action")),
        rs.getInt("approval_hold_seconds"),
        rs.getDouble("scrutiny_multiplier"),
        Jdbc.instant(rs, "created_at"),
        Jdbc.instant(rs, "updated_at"));
  }
}
