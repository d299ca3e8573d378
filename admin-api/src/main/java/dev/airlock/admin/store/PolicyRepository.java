package dev.airlock.admin.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
  private final AuditLog audit;

  public PolicyRepository(DataSource dataSource, AuditLog audit) {
    this.jdbc = new Jdbc(dataSource);
    this.audit = audit;
  }

  /**
   * Stores {@code policy} as the next version of (name, env set) and returns it, without an audit
   * record (first-start setup and tests). Environment names are not checked: a policy may name an
   * environment that is created later.
   */
  public StoredPolicy apply(ValidatedPolicy policy) {
    return jdbc.transaction("apply policy " + policy.name(), c -> store(c, policy, false, false).after());
  }

  /**
   * Stores {@code policy} as the next version of (name, env set) and records the change in the
   * audit log, in one transaction.
   *
   * @param keepIfSame when the current version has the same document, store nothing (and record
   *     nothing): promoting or rolling back to what is already in force changes nothing
   * @throws StoreException CONFLICT ({@code policy_overlap}) when another policy of the same name
   *     already applies to one of the environments: the engine could not tell their rules apart
   */
  public PolicyChange apply(ValidatedPolicy policy, boolean keepIfSame, AuditActor actor,
      Audit<StoredPolicy> change) {
    return jdbc.transaction("apply policy " + policy.name(), c -> {
      PolicyChange result = store(c, policy, true, keepIfSame);
      if (result.stored()) {
        audit.append(c, actor, change.change(result.before(), result.after()));
      }
      return result;
    });
  }

  private PolicyChange store(Connection c, ValidatedPolicy policy, boolean checkOverlap, boolean keepIfSame)
      throws SQLException {
    String envSet = envSet(policy.envNames());
    // Serialises concurrent changes of one name, so version numbers never collide and two env
    // sets of that name cannot both pass the overlap check.
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
      lock.setString(1, "policy\n" + policy.name());
      lock.execute();
    }
    if (checkOverlap) {
      checkOverlap(c, policy, envSet);
    }
    StoredPolicy before = current(c, policy.name(), envSet).orElse(null);
    if (keepIfSame && before != null && sameDocument(c, before.id(), policy.documentJson())) {
      return new PolicyChange(before, before, false);
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
      return new PolicyChange(before, Jdbc.list(ps, PolicyRepository::map).get(0), true);
    }
  }

  private static void checkOverlap(Connection c, ValidatedPolicy policy, String envSet) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT env_names FROM policies WHERE name = ? AND is_current AND env_set <> ?"
                + " AND (env_names && ? OR '*' = ANY (env_names) OR '*' = ANY (?)) ORDER BY env_set LIMIT 1")) {
      ps.setString(1, policy.name());
      ps.setString(2, envSet);
      ps.setArray(3, Jdbc.textArray(c, policy.envNames()));
      ps.setArray(4, Jdbc.textArray(c, policy.envNames()));
      List<List<String>> found = Jdbc.list(ps, rs -> Jdbc.strings(rs, "env_names"));
      if (!found.isEmpty()) {
        throw new StoreException(StoreException.Kind.CONFLICT, "policy_overlap",
            "policy \"" + policy.name() + "\" with env_names " + quoted(found.get(0))
                + " already applies to environments of " + quoted(policy.envNames())
                + "; change or delete that policy first (one policy of a name per environment)",
            "env_names");
      }
    }
  }

  private static boolean sameDocument(Connection c, String id, String documentJson) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT document = ?::jsonb FROM policies WHERE id = ?")) {
      ps.setString(1, documentJson);
      ps.setString(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
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

  /**
   * A page of {@link #listCurrent}, by name then id, continuing after ({@code afterName},
   * {@code afterId}) when given.
   */
  public ListPage<StoredPolicy> listCurrent(String env, int limit, String afterName, String afterId) {
    return jdbc.read(
        "list policies",
        c -> {
          String where = "is_current" + (env == null ? "" : " AND (? = ANY (env_names) OR '*' = ANY (env_names))");
          long total;
          try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM policies WHERE " + where)) {
            if (env != null) {
              ps.setString(1, env);
            }
            total = single(ps);
          }
          String after = afterName == null ? "" : " AND (name, id) > (?, ?)";
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM policies WHERE " + where + after + " ORDER BY name, id LIMIT ?")) {
            int i = 0;
            if (env != null) {
              ps.setString(++i, env);
            }
            if (afterName != null) {
              ps.setString(++i, afterName);
              ps.setString(++i, afterId);
            }
            ps.setInt(++i, limit + 1);
            return page(Jdbc.list(ps, PolicyRepository::map), total, limit);
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

  /** The current version of (name, env set), if the policy exists. */
  public Optional<StoredPolicy> current(String name, List<String> envNames) {
    return jdbc.read("find policy", c -> current(c, name, envSet(envNames)));
  }

  private static Optional<StoredPolicy> current(Connection c, String name, String envSet) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM policies WHERE name = ? AND env_set = ? AND is_current")) {
      ps.setString(1, name);
      ps.setString(2, envSet);
      return Jdbc.list(ps, PolicyRepository::map).stream().findFirst();
    }
  }

  /** The env sets (sorted env_names) under which {@code name} has versions that were not deleted. */
  public List<List<String>> envSetsOf(String name) {
    return jdbc.read(
        "find policy",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT DISTINCT env_set, env_names FROM policies WHERE name = ? AND deleted_at IS NULL"
                      + " ORDER BY env_set")) {
            ps.setString(1, name);
            return Jdbc.list(ps, rs -> Jdbc.strings(rs, "env_names"));
          }
        });
  }

  /**
   * Versions of (name, env set) that were not deleted, newest first, continuing below version
   * {@code beforeVersion} when given.
   */
  public ListPage<StoredPolicy> versions(String name, List<String> envNames, int limit, Integer beforeVersion) {
    String envSet = envSet(envNames);
    return jdbc.read(
        "list policy versions",
        c -> {
          String where = " FROM policies WHERE name = ? AND env_set = ? AND deleted_at IS NULL";
          long total;
          try (PreparedStatement ps = c.prepareStatement("SELECT count(*)" + where)) {
            ps.setString(1, name);
            ps.setString(2, envSet);
            total = single(ps);
          }
          String below = beforeVersion == null ? "" : " AND version < ?";
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + where + below + " ORDER BY version DESC LIMIT ?")) {
            int i = 0;
            ps.setString(++i, name);
            ps.setString(++i, envSet);
            if (beforeVersion != null) {
              ps.setInt(++i, beforeVersion);
            }
            ps.setInt(++i, limit + 1);
            return page(Jdbc.list(ps, PolicyRepository::map), total, limit);
          }
        });
  }

  /** Version {@code version} of (name, env set), unless deleted. */
  public Optional<StoredPolicy> version(String name, List<String> envNames, int version) {
    return oneVersion(name, envNames, "version = ?", version);
  }

  /** The newest version of (name, env set) below {@code version}, unless deleted. */
  public Optional<StoredPolicy> versionBefore(String name, List<String> envNames, int version) {
    return oneVersion(name, envNames, "version < ?", version);
  }

  private Optional<StoredPolicy> oneVersion(String name, List<String> envNames, String versionClause, int version) {
    return jdbc.read(
        "find policy version",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM policies WHERE name = ? AND env_set = ? AND " + versionClause
                      + " AND deleted_at IS NULL ORDER BY version DESC LIMIT 1")) {
            ps.setString(1, name);
            ps.setString(2, envSet(envNames));
            ps.setInt(3, version);
            return Jdbc.list(ps, PolicyRepository::map).stream().findFirst();
          }
        });
  }

  /**
   * Deletes the policy that version {@code id} belongs to: no version of it stays current, so the
   * engine stops applying it. Versions are kept (marked deleted) for audit; returns false when the
   * id is unknown or already deleted. No audit record: tests only, the API deletes with {@link
   * #delete(StoredPolicy, AuditActor, Audit)}.
   */
  public boolean delete(String id) {
    return jdbc.transaction("delete policy", c -> markDeleted(c, id));
  }

  /**
   * Deletes the policy whose current version is {@code current} (see {@link #delete(String)}) and
   * records it in the audit log, in one transaction; false when it was deleted meanwhile.
   */
  public boolean delete(StoredPolicy current, AuditActor actor, Audit<StoredPolicy> change) {
    return jdbc.transaction("delete policy", c -> {
      if (!markDeleted(c, current.id())) {
        return false;
      }
      audit.append(c, actor, change.change(current, null));
      return true;
    });
  }

  private static boolean markDeleted(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE policies p SET is_current = false, deleted_at = now() FROM policies v"
                + " WHERE v.id = ? AND v.deleted_at IS NULL"
                + " AND p.name = v.name AND p.env_set = v.env_set AND p.deleted_at IS NULL")) {
      ps.setString(1, id);
      return ps.executeUpdate() > 0;
    }
  }

  public long count() {
    return jdbc.read("count policies", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM policies")) {
        return single(ps);
      }
    });
  }

  private static long single(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static <T> ListPage<T> page(List<T> rows, long total, int limit) {
    boolean more = rows.size() > limit;
    return new ListPage<>(more ? new ArrayList<>(rows.subList(0, limit)) : rows, total, more);
  }

  /** The key of a policy's env set: its env_names sorted and comma-joined. */
  public static String envSet(List<String> envNames) {
    return String.join(",", new TreeSet<>(envNames));
  }

  private static String quoted(List<String> envNames) {
    StringBuilder out = new StringBuilder("[");
    for (String env : new TreeSet<>(envNames)) {
      out.append(out.length() > 1 ? ", " : "").append('"').append(env).append('"');
    }
    return out.append(']').toString();
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
