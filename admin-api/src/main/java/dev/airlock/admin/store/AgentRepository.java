package dev.airlock.admin.store;

import dev.airlock.proxy.spi.AgentIdentity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Agents and their keys. Blocking JDBC: call from a store executor, never from an event loop. */
public final class AgentRepository {
  /** Agent keys: {@code alk_} + 43 base64url characters (256 random bits). */
  public static final String KEY_PREFIX = "alk_";

  private static final String COLUMNS = "id, name, env, runtime_type, status, trust_score, created_at";

  private final Jdbc jdbc;

  public AgentRepository(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /**
   * Creates an agent and its first key in one transaction. The key's secret is in the result only.
   *
   * @throws StoreException INVALID for a bad name or runtime type, NOT_FOUND for an unknown env,
   *     CONFLICT when the env already has an agent of that name
   */
  public CreatedAgent create(String name, String env, String runtimeType) {
    String runtime = runtimeType == null || runtimeType.isBlank() ? "custom" : runtimeType;
    if (name == null || !Agent.NAME.matcher(name).matches()) {
      throw StoreException.invalid(
          "invalid_name", "name", "name: \"" + name + "\" (expected: ^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$)");
    }
    if (!Agent.RUNTIME_TYPES.contains(runtime)) {
      throw StoreException.invalid(
          "invalid_runtime_type",
          "runtime_type",
          "runtime_type: \"" + runtime + "\" (expected: one of " + Agent.RUNTIME_TYPES + ")");
    }
    return jdbc.transaction(
        "create agent " + name,
        c -> {
          if (!EnvironmentRepository.exists(c, env)) {
            throw StoreException.notFound("environment not found: " + env);
          }
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
          return new CreatedAgent(agent, insertKey(c, agent.id(), null));
        });
  }

  /** Issues an additional long-lived key for an agent. */
  public IssuedKey issueKey(String agentId) {
    return jdbc.transaction(
        "issue key",
        c -> {
          if (find(c, agentId).isEmpty()) {
            throw StoreException.notFound("agent not found: " + agentId);
          }
          return insertKey(c, agentId, null);
        });
  }

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

  public Optional<Agent> find(String id) {
    return jdbc.read("find agent", c -> find(c, id));
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

  /** Sets {@code active} or {@code suspended}; a suspended agent's keys stop authenticating. */
  public void setStatus(String agentId, String status) {
    if (!Agent.ACTIVE.equals(status) && !Agent.SUSPENDED.equals(status)) {
      throw StoreException.invalid(
          "invalid_status", "status", "status: \"" + status + "\" (expected: active, suspended)");
    }
    update(
        "UPDATE agents SET status = ?, updated_at = now() WHERE id = ?",
        "agent not found: " + agentId,
        status,
        agentId);
  }

  /** Revokes one of this agent's keys (idempotent); NOT_FOUND when the agent has no such key. */
  public void revokeKey(String agentId, String keyId) {
    update(
        "UPDATE agent_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = ? AND agent_id = ?",
        "key not found: " + keyId,
        keyId,
        agentId);
  }

  public void revokeKey(String keyId) {
    update(
        "UPDATE agent_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = ?",
        "key not found: " + keyId,
        keyId);
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

  private void update(String sql, String notFound, String... params) {
    int rows =
        jdbc.read(
            "update",
            c -> {
              try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                  ps.setString(i + 1, params[i]);
                }
                return ps.executeUpdate();
              }
            });
    if (rows == 0) {
      throw StoreException.notFound(notFound);
    }
  }

  private static Optional<Agent> find(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM agents WHERE id = ?")) {
      ps.setString(1, id);
      return Jdbc.list(ps, AgentRepository::map).stream().findFirst();
    }
  }

  private static IssuedKey insertKey(Connection c, String agentId, Instant expiresAt)
      throws SQLException {
    String secret = Secrets.newSecret(KEY_PREFIX);
    String id = Ids.newId("key");
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO agent_keys (id, agent_id, key_hash, kind, expires_at) VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, id);
      ps.setString(2, agentId);
      ps.setBytes(3, Secrets.sha256(secret));
      ps.setString(4, expiresAt == null ? "agent" : "ephemeral");
      ps.setObject(5, Jdbc.timestamp(expiresAt));
      ps.executeUpdate();
    }
    return new IssuedKey(id, secret);
  }

  private static Agent map(ResultSet rs) throws SQLException {
    return new Agent(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("env"),
        rs.getString("runtime_type"),
        rs.getString("status"),
        rs.getDouble("trust_score"),
        Jdbc.instant(rs, "created_at"));
  }
}
