package dev.airlock.admin.store;

import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.EnforcementMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/** Environments. Blocking JDBC: call from a store executor, never from an event loop. */
public final class EnvironmentRepository {
  static final String COLUMNS =
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

  /**
   * Changes an environment and records the change, in one transaction. {@code change} gets the
   * environment as stored, locked against concurrent changes, and returns it changed (same slug);
   * it may throw to refuse the change (e.g. a role check that depends on the stored state), which
   * then leaves everything as it was.
   *
   * @throws StoreException NOT_FOUND when no environment has this slug
   */
  public Environment update(String slug, UnaryOperator<Environment> change, AuditActor actor,
      Audit<Environment> audit) {
    return jdbc.transaction(
        "update environment " + slug,
        c -> {
          Environment before;
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM environments WHERE slug = ? FOR UPDATE")) {
            ps.setString(1, slug);
            before = Jdbc.list(ps, EnvironmentRepository::map).stream().findFirst()
                .orElseThrow(() -> StoreException.notFound("environment not found: " + slug));
          }
          Environment wanted = change.apply(before);
          if (!wanted.slug().equals(slug)) {
            throw new IllegalArgumentException("slug: \"" + wanted.slug() + "\" (expected: " + slug
                + "; a slug never changes)");
          }
          Environment after;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE environments SET name = ?, description = ?, is_production = ?,"
                      + " enforcement_mode = ?, default_action = ?, approval_hold_seconds = ?,"
                      + " scrutiny_multiplier = ?, updated_at = now() WHERE slug = ? RETURNING " + COLUMNS)) {
            ps.setString(1, wanted.name());
            ps.setString(2, wanted.description());
            ps.setBoolean(3, wanted.production());
            ps.setString(4, wanted.enforcementMode().wireName());
            ps.setString(5, wanted.defaultAction().name());
            ps.setInt(6, wanted.approvalHoldSeconds());
            ps.setDouble(7, wanted.scrutinyMultiplier());
            ps.setString(8, slug);
            after = Jdbc.list(ps, EnvironmentRepository::map).get(0);
          }
          this.audit.append(c, actor, audit.change(before, after));
          return after;
        });
  }

  /**
   * Deletes an environment with its suspended agents (and their keys), its single-environment
   * policies and the admin keys scoped to it, and records the deletion, in one transaction.
   * Traces and audit events of the environment stay.
   *
   * @throws StoreException NOT_FOUND when no environment has this slug; CONFLICT ({@code
   *     last_environment}, {@code production_environment}, {@code environment_has_agents}) when
   *     it is the only one, is marked production, or still has active agents
   */
  public DeletedEnvironment delete(String slug, AuditActor actor, Audit<DeletedEnvironment> audit) {
    return jdbc.transaction(
        "delete environment " + slug,
        c -> {
          DeletedEnvironment deleted = EnvironmentRemoval.remove(c, slug);
          this.audit.append(c, actor, audit.change(deleted, null));
          return deleted;
        });
  }

  /** One page of environments in slug order; the total counts every match. */
  public Page list(EnvironmentQuery q) {
    return jdbc.read(
        "list environments",
        c -> {
          SqlFilter where = new SqlFilter()
              .and("slug = ?", q.slug())
              .between("created_at", q.since(), q.until());
          long total = where.count(c, "environments", 0);
          where.and("slug > ?", q.afterSlug());
          try (PreparedStatement ps = where.select(c, COLUMNS, "environments", " ORDER BY slug LIMIT ?",
              q.limit() + 1)) {
            List<Environment> items = Jdbc.list(ps, EnvironmentRepository::map);
            String next = null;
            if (items.size() > q.limit()) {
              items = items.subList(0, q.limit());
              next = items.get(items.size() - 1).slug();
            }
            return new Page(List.copyOf(items), total, next);
          }
        });
  }

  /**
   * One page of environments.
   *
   * @param nextAfterSlug pass as {@link EnvironmentQuery#afterSlug()} for the next page; null on the last
   */
  public record Page(List<Environment> items, long total, String nextAfterSlug) {}

  /** Every environment in slug order (engine snapshot, first start). */
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

  static Environment map(ResultSet rs) throws SQLException {
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
