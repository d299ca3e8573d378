package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.spi.AgentIdentity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Agents; their keys through {@link #keys()}. Every change made on behalf of an admin is recorded
 * in the audit log inside the transaction that makes it. Blocking JDBC: call from a store
 * executor, never from an event loop.
 *
 * <p>The database announces every change of an agent's name, environment, runtime type or status,
 * and every key change, to all nodes (triggers of migration V3): nothing here has to.
 */
public final class AgentRepository {
  /** Agent keys: {@code alk_} + 43 base64url characters (256 random bits). */
  public static final String KEY_PREFIX = "alk_";

  private static final String COLUMNS =
      "id, name, env, runtime_type, status, trust_score, created_at, updated_at";

  private final Jdbc jdbc;
  private final AuditLog audit;
  private final AgentKeyRepository keys;
  private final TrustRepository trust;

  public AgentRepository(DataSource dataSource, AuditLog audit) {
    this.jdbc = new Jdbc(dataSource);
    this.audit = requireNonNull(audit, "audit");
    this.keys = new AgentKeyRepository(jdbc, audit);
    this.trust = new TrustRepository(dataSource);
  }

  /** A repository whose changes go to an audit log over the same database, on the system clock. */
  public AgentRepository(DataSource dataSource) {
    this(dataSource, new AuditLog(dataSource, Clock.systemUTC()));
  }

  /** The agents' trust history. */
  public TrustRepository trust() {
    return trust;
  }

  /** The agents' keys: list, issue, revoke, rotate. */
  public AgentKeyRepository keys() {
    return keys;
  }

  /**
   * Creates an agent and its first key in one transaction, with its audit record. The key's
   * secret is in the result only; the audit record sees the key's metadata.
   *
   * @throws StoreException INVALID for a bad name or runtime type, NOT_FOUND for an unknown env,
   *     CONFLICT when the env already has an agent of that name
   */
  public CreatedAgent create(String name, String env, String runtimeType, AuditActor actor,
      Audit<AgentDetail> change) {
    requireNonNull(actor, "actor");
    requireNonNull(change, "change");
    return create(name, env, runtimeType, actor, change, true);
  }

  /** Creates an agent without an audit record: Airlock's own first-start agent, and tests. */
  public CreatedAgent create(String name, String env, String runtimeType) {
    return create(name, env, runtimeType, null, null, false);
  }

  private CreatedAgent create(String name, String env, String runtimeType, AuditActor actor,
      Audit<AgentDetail> change, boolean audited) {
    String runtime = runtimeType(runtimeType == null || runtimeType.isBlank() ? "custom" : runtimeType);
    name(name);
    return jdbc.transaction(
        "create agent " + name,
        c -> {
          if (!EnvironmentRepository.exists(c, env)) {
            throw StoreException.notFound("environment not found: " + env);
          }
          requireNameFree(c, env, name, null);
          Agent agent;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO agents (id, name, env, runtime_type) VALUES (?, ?, ?, ?)"
                      + " RETURNING " + COLUMNS)) {
            ps.setString(1, Ids.newId("agt"));
            ps.setString(2, name);
            ps.setString(3, env);
            ps.setString(4, runtime);
            agent = Jdbc.list(ps, AgentRepository::map).get(0);
          }
          MintedKey key = AgentKeyRepository.insert(c, agent.id(), null);
          if (audited) {
            audit.append(c, actor, change.change(null, new AgentDetail(agent, List.of(key.key()))));
          }
          return new CreatedAgent(agent, new IssuedKey(key.key().id(), key.secret()));
        });
  }

  /** Every agent of one environment (or all, env null) by name; unpaged, for small callers. */
  public List<Agent> list(String env) {
    return jdbc.read(
        "list agents",
        c -> {
          String where = env == null ? "" : " WHERE env = ?";
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM agents" + where + " ORDER BY env, name")) {
            if (env != null) {
              ps.setString(1, env);
            }
            return Jdbc.list(ps, AgentRepository::map);
          }
        });
  }

  /** Newest first, filtered, one page; the total counts every match. */
  public AgentPage list(AgentQuery q) {
    return jdbc.read(
        "list agents",
        c -> {
          SqlFilter where = new SqlFilter()
              .and("env = ?", q.env())
              .and("status = ?", q.status())
              .and("name = ?", q.name())
              .between("created_at", q.since(), q.until());
          long total = where.count(c, "agents", 0);
          if (q.after() != null) {
            where.andAll("(created_at, id) < (?, ?)", Jdbc.timestamp(q.after().time()), q.after().id());
          }
          try (PreparedStatement ps = where.select(c, COLUMNS, "agents", " ORDER BY created_at DESC, id DESC LIMIT ?",
              q.limit() + 1)) {
            List<Agent> items = Jdbc.list(ps, AgentRepository::map);
            KeysetCursor next = null;
            if (items.size() > q.limit()) {
              items = items.subList(0, q.limit());
              Agent last = items.get(items.size() - 1);
              next = new KeysetCursor(last.createdAt(), last.id());
            }
            return new AgentPage(items, total, next);
          }
        });
  }

  public Optional<Agent> find(String id) {
    return jdbc.read("find agent", c -> find(c, id, false));
  }

  /** The agent with all its keys (metadata only), read together. */
  public Optional<AgentDetail> detail(String id) {
    return jdbc.transaction(
        "find agent",
        c -> {
          Optional<Agent> agent = find(c, id, false);
          if (agent.isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(new AgentDetail(agent.get(), AgentKeyRepository.listFor(c, id)));
        });
  }

  public Optional<Agent> findByName(String env, String name) {
    return jdbc.read(
        "find agent",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM agents WHERE env = ? AND name = ?")) {
            ps.setString(1, env);
            ps.setString(2, name);
            return Jdbc.list(ps, AgentRepository::map).stream().findFirst();
          }
        });
  }

  public long count() {
    return jdbc.read(
        "count agents",
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM agents");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  /**
   * Renames an agent and/or changes its runtime type (null: keep). The proxy knows agents by name:
   * once renamed, its keys work with the new name only. A change to nothing is not recorded.
   *
   * @throws StoreException NOT_FOUND, INVALID for a bad name or runtime type, CONFLICT when
   *     another agent of the environment has the name
   */
  public Agent update(String agentId, String name, String runtimeType, AuditActor actor, Audit<Agent> change) {
    if (name != null) {
      name(name);
    }
    if (runtimeType != null) {
      runtimeType(runtimeType);
    }
    return jdbc.transaction(
        "update agent " + agentId,
        c -> {
          Agent before = lock(c, agentId);
          String newName = name == null ? before.name() : name;
          String newRuntime = runtimeType == null ? before.runtimeType() : runtimeType;
          if (newName.equals(before.name()) && newRuntime.equals(before.runtimeType())) {
            return before;
          }
          requireNameFree(c, before.env(), newName, agentId);
          Agent after;
          try (PreparedStatement ps = c.prepareStatement(
              "UPDATE agents SET name = ?, runtime_type = ?, updated_at = now() WHERE id = ? RETURNING " + COLUMNS)) {
            ps.setString(1, newName);
            ps.setString(2, newRuntime);
            ps.setString(3, agentId);
            after = Jdbc.list(ps, AgentRepository::map).get(0);
          }
          audit.append(c, actor, change.change(before, after));
          return after;
        });
  }

  /**
   * Sets {@code active} or {@code suspended}; a suspended agent's keys stop authenticating.
   * Setting the status it already has changes and records nothing.
   *
   * @throws StoreException NOT_FOUND, or INVALID for another status
   */
  public Agent setStatus(String agentId, String status, AuditActor actor, Audit<Agent> change) {
    if (!Agent.ACTIVE.equals(status) && !Agent.SUSPENDED.equals(status)) {
      throw StoreException.invalid(
          "invalid_status", "status", "status: \"" + status + "\" (expected: active, suspended)");
    }
    return jdbc.transaction(
        "set agent status",
        c -> {
          Agent before = lock(c, agentId);
          if (before.status().equals(status)) {
            return before;
          }
          Agent after;
          try (PreparedStatement ps = c.prepareStatement(
              "UPDATE agents SET status = ?, updated_at = now() WHERE id = ? RETURNING " + COLUMNS)) {
            ps.setString(1, status);
            ps.setString(2, agentId);
            after = Jdbc.list(ps, AgentRepository::map).get(0);
          }
          audit.append(c, actor, change.change(before, after));
          return after;
        });
  }

  /**
   * Deletes an agent and all its keys (which stop working at once). Its traces stay: they name the
   * agent, they do not reference it.
   *
   * @return the agent and the keys it had
   * @throws StoreException NOT_FOUND
   */
  public AgentDetail delete(String agentId, AuditActor actor, Audit<AgentDetail> change) {
    return jdbc.transaction(
        "delete agent " + agentId,
        c -> {
          AgentDetail before = new AgentDetail(lock(c, agentId), AgentKeyRepository.listFor(c, agentId));
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM agents WHERE id = ?")) {
            ps.setString(1, agentId);
            ps.executeUpdate(); // agent_keys follow: ON DELETE CASCADE
          }
          audit.append(c, actor, change.change(before, null));
          return before;
        });
  }

  /** The identity for a valid secret of this agent, or empty (unknown, wrong, revoked, suspended). */
  public Optional<AgentIdentity> authenticate(String agentName, String secret) {
    return findActiveByKeyHash(Secrets.sha256(secret))
        .filter(identity -> identity.agentName().equals(agentName));
  }

  /**
   * The identity owning a key hash, when the key is neither revoked nor expired and its agent is
   * active. The caller still has to check the agent name it was given.
   */
  public Optional<AgentIdentity> findActiveByKeyHash(byte[] keyHash) {
    return jdbc.read(
        "authenticate agent",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT k.id AS key_id, k.key_hash, a.id AS agent_id, a.name, a.env, a.runtime_type"
                      + " FROM agent_keys k JOIN agents a ON a.id = k.agent_id"
                      + " WHERE k.key_hash = ? AND k.revoked_at IS NULL"
                      + " AND (k.expires_at IS NULL OR k.expires_at > now())"
                      + " AND a.status = 'active'")) {
            ps.setBytes(1, keyHash);
            try (ResultSet rs = ps.executeQuery()) {
              // The index lookup already matched; the constant-time check keeps the decision
              // itself free of data-dependent timing.
              if (!rs.next() || !Secrets.sameHash(rs.getBytes("key_hash"), keyHash)) {
                return Optional.empty();
              }
              return Optional.of(
                  new AgentIdentity(
                      rs.getString("agent_id"),
                      rs.getString("name"),
                      rs.getString("key_id"),
                      rs.getString("env"),
                      rs.getString("runtime_type")));
            }
          }
        });
  }

  /** Records that keys were used; called in batches, never per request. */
  public void markUsed(Collection<String> keyIds, Instant at) {
    if (keyIds.isEmpty()) {
      return;
    }
    jdbc.read(
        "mark keys used",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE agent_keys SET last_used_at = greatest(last_used_at, ?) WHERE id = ANY (?)")) {
            ps.setObject(1, Jdbc.timestamp(at));
            ps.setArray(2, Jdbc.textArray(c, List.copyOf(keyIds)));
            return ps.executeUpdate();
          }
        });
  }

  private static Agent lock(Connection c, String id) throws SQLException {
    return find(c, id, true).orElseThrow(() -> StoreException.notFound("agent not found: " + id));
  }

  private static Optional<Agent> find(Connection c, String id, boolean forUpdate) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM agents WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
      ps.setString(1, id);
      return Jdbc.list(ps, AgentRepository::map).stream().findFirst();
    }
  }

  /** A clear conflict before the unique index would answer with a bare violation. */
  private static void requireNameFree(Connection c, String env, String name, String exceptId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM agents WHERE env = ? AND name = ? AND id IS DISTINCT FROM ?")) {
      ps.setString(1, env);
      ps.setString(2, name);
      ps.setString(3, exceptId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          throw StoreException.conflict("an agent named '" + name + "' already exists in environment '" + env + "'");
        }
      }
    }
  }

  private static void name(String name) {
    if (name == null || !Agent.NAME.matcher(name).matches()) {
      throw StoreException.invalid(
          "invalid_name", "name", "name: \"" + name + "\" (expected: ^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$)");
    }
  }

  private static String runtimeType(String runtime) {
    if (!Agent.RUNTIME_TYPES.contains(runtime)) {
      throw StoreException.invalid(
          "invalid_runtime_type",
          "runtime_type",
          "runtime_type: \"" + runtime + "\" (expected: one of " + new TreeSet<>(Agent.RUNTIME_TYPES) + ")");
    }
    return runtime;
  }

  private static Agent map(ResultSet rs) throws SQLException {
    return new Agent(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("env"),
        rs.getString("runtime_type"),
        rs.getString("status"),
        rs.getDouble("trust_score"),
        Jdbc.instant(rs, "created_at"),
        Jdbc.instant(rs, "updated_at"));
  }
}
