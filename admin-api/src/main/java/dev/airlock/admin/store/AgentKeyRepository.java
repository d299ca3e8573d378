package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The keys of agents: list, issue, revoke, rotate. Secrets exist only in what {@link #issue} and
 * {@link #rotate} return; the table keeps their SHA-256. Every change is recorded in the audit log
 * in its own transaction. Blocking JDBC: call from a store executor, never from an event loop.
 */
public final class AgentKeyRepository {
  /** The longest a rotated key may keep working: a week, time enough for a slow roll-out. */
  public static final long MAX_GRACE_SECONDS = 7 * 24 * 3600;

  private static final String COLUMNS =
      "id, agent_id, kind, created_at, last_used_at, expires_at, revoked_at, scopes, hosts";

  private final Jdbc jdbc;
  private final AuditLog audit;

  AgentKeyRepository(Jdbc jdbc, AuditLog audit) {
    this.jdbc = requireNonNull(jdbc, "jdbc");
    this.audit = requireNonNull(audit, "audit");
  }

  /**
   * Every key of the agent, oldest first, revoked and expired ones included.
   *
   * @throws StoreException NOT_FOUND when there is no such agent
   */
  public List<AgentKey> list(String agentId) {
    return jdbc.transaction(
        "list agent keys",
        c -> {
          requireAgent(c, agentId);
          return listFor(c, agentId);
        });
  }

  /**
   * Issues an additional long-lived key.
   *
   * @throws StoreException NOT_FOUND when there is no such agent
   */
  public MintedKey issue(String agentId, AuditActor actor, Audit<AgentKey> change) {
    return jdbc.transaction(
        "issue key",
        c -> {
          requireAgent(c, agentId);
          MintedKey key = insert(c, agentId, null);
          audit.append(c, actor, change.change(null, key.key()));
          return key;
        });
  }

  /**
   * Issues an ephemeral key: it stops working by itself {@code grant.ttlSeconds()} from now (the
   * database's clock) and only for the operations and hosts of the grant.
   *
   * @throws StoreException NOT_FOUND when there is no such agent
   */
  public MintedKey issueEphemeral(String agentId, EphemeralGrant grant, AuditActor actor, Audit<AgentKey> change) {
    requireNonNull(grant, "grant");
    return jdbc.transaction(
        "issue ephemeral key",
        c -> {
          requireAgent(c, agentId);
          MintedKey key = insert(c, agentId, grant);
          audit.append(c, actor, change.change(null, key.key()));
          return key;
        });
  }

  /**
   * Revokes one of the agent's keys. Revoking a revoked key changes and records nothing.
   *
   * @return the key as it is now
   * @throws StoreException NOT_FOUND when the agent has no such key
   */
  public AgentKey revoke(String agentId, String keyId, AuditActor actor, Audit<AgentKey> change) {
    return jdbc.transaction(
        "revoke key",
        c -> {
          AgentKey before = lock(c, agentId, keyId);
          if (before.revokedAt() != null) {
            return before;
          }
          AgentKey after = set(c, keyId, "revoked_at = now()", null);
          audit.append(c, actor, change.change(before, after));
          return after;
        });
  }

  /**
   * Replaces an active agent key with a new one. With {@code graceSeconds} 0 the old key is revoked
   * at once; otherwise it keeps working until then (it expires: an earlier expiry stays), so that
   * the agent can be given the new key first.
   *
   * @throws StoreException NOT_FOUND when the agent has no such key; INVALID for a grace period
   *     out of 0..{@value #MAX_GRACE_SECONDS} or an ephemeral key (those expire by themselves);
   *     CONFLICT when the key is already revoked or expired
   */
  public KeyRotation rotate(String agentId, String keyId, long graceSeconds, AuditActor actor,
      Audit<KeyRotation> change) {
    if (graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS) {
      throw StoreException.invalid("invalid_grace", "grace_seconds",
          "grace_seconds: " + graceSeconds + " (expected: 0.." + MAX_GRACE_SECONDS + ")");
    }
    return jdbc.transaction(
        "rotate key",
        c -> {
          AgentKey before = lock(c, agentId, keyId);
          if (before.isEphemeral()) {
            throw StoreException.invalid("ephemeral_key", "key_id", "key " + keyId + " is an ephemeral key:"
                + " it expires by itself and is not rotated; issue a new ephemeral key instead");
          }
          String status = before.status(now(c));
          if (!AgentKey.ACTIVE.equals(status)) {
            throw StoreException.conflict("key " + keyId + " is " + status
                + ": only an active key can be rotated; issue a new key instead");
          }
          MintedKey replacement = insert(c, agentId, null);
          AgentKey after = graceSeconds == 0
              ? set(c, keyId, "revoked_at = now()", null)
              : set(c, keyId, "expires_at = least(coalesce(expires_at, 'infinity'), now() + ? * interval '1 second')",
                  graceSeconds);
          KeyRotation done = new KeyRotation(after, replacement);
          audit.append(c, actor, change.change(new KeyRotation(before, null), done));
          return done;
        });
  }

  /**
   * Inserts a new key for the agent; the secret is in the result only.
   *
   * @param grant the ephemeral key's lifetime and scope, or null for a long-lived agent key
   */
  static MintedKey insert(Connection c, String agentId, EphemeralGrant grant) throws SQLException {
    String secret = Secrets.newSecret(AgentRepository.KEY_PREFIX);
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO agent_keys (id, agent_id, key_hash, kind, expires_at, scopes, hosts)"
            + " VALUES (?, ?, ?, ?, now() + ? * interval '1 second', ?, ?) RETURNING " + COLUMNS)) {
      ps.setString(1, Ids.newId("key"));
      ps.setString(2, agentId);
      ps.setBytes(3, Secrets.sha256(secret));
      ps.setString(4, grant == null ? "agent" : AgentKey.EPHEMERAL);
      if (grant == null) {
        ps.setNull(5, java.sql.Types.BIGINT);
      } else {
        ps.setLong(5, grant.ttlSeconds());
      }
      ps.setArray(6, Jdbc.textArray(c, grant == null ? List.of() : grant.operations()));
      ps.setArray(7, Jdbc.textArray(c, grant == null ? List.of() : grant.hosts()));
      return new MintedKey(Jdbc.list(ps, AgentKeyRepository::map).get(0), secret);
    }
  }

  static List<AgentKey> listFor(Connection c, String agentId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM agent_keys WHERE agent_id = ? ORDER BY created_at, id")) {
      ps.setString(1, agentId);
      return Jdbc.list(ps, AgentKeyRepository::map);
    }
  }

  /** Holds the agent (it cannot be deleted under us) or answers NOT_FOUND. */
  private static void requireAgent(Connection c, String agentId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM agents WHERE id = ? FOR KEY SHARE")) {
      ps.setString(1, agentId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw StoreException.notFound("agent not found: " + agentId);
        }
      }
    }
  }

  private static AgentKey lock(Connection c, String agentId, String keyId) throws SQLException {
    requireAgent(c, agentId);
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM agent_keys WHERE id = ? AND agent_id = ? FOR UPDATE")) {
      ps.setString(1, keyId);
      ps.setString(2, agentId);
      Optional<AgentKey> key = Jdbc.list(ps, AgentKeyRepository::map).stream().findFirst();
      return key.orElseThrow(() -> StoreException.notFound("key not found: " + keyId));
    }
  }

  private static AgentKey set(Connection c, String keyId, String assignment, Long parameter) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE agent_keys SET " + assignment + " WHERE id = ? RETURNING " + COLUMNS)) {
      int i = 0;
      if (parameter != null) {
        ps.setLong(++i, parameter);
      }
      ps.setString(++i, keyId);
      return Jdbc.list(ps, AgentKeyRepository::map).get(0);
    }
  }

  /** The database's clock: expiry is compared with it everywhere else too. */
  private static Instant now(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT now()"); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getTimestamp(1).toInstant();
    }
  }

  private static AgentKey map(ResultSet rs) throws SQLException {
    return new AgentKey(
        rs.getString("id"),
        rs.getString("agent_id"),
        rs.getString("kind"),
        Jdbc.instant(rs, "created_at"),
        Jdbc.instant(rs, "last_used_at"),
        Jdbc.instant(rs, "expires_at"),
        Jdbc.instant(rs, "revoked_at"),
        textList(rs, "scopes"),
        textList(rs, "hosts"));
  }

  private static List<String> textList(ResultSet rs, String column) throws SQLException {
    java.sql.Array a = rs.getArray(column);
    return a == null ? List.of() : List.of((String[]) a.getArray());
  }
}
