package dev.airlock.admin.store;

import dev.airlock.proxy.policy.KeyScope;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads agents and their usable keys for the in-memory directory: all of them, or a few by id.
 * Blocking JDBC: call from a store thread, never from an event loop.
 */
final class AgentDirectoryLoader {
  // A suspended agent is listed (its name is known) but brings no key. Expired and revoked keys
  // are left out here; a key that expires later is checked against its expiry at each use.
  private static final String SELECT =
      "SELECT a.id, a.name, a.env, a.runtime_type, k.id AS key_id, k.key_hash, k.expires_at, k.kind, k.scopes,"
          + " k.hosts"
          + " FROM agents a LEFT JOIN agent_keys k ON k.agent_id = a.id AND a.status = 'active'"
          + " AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())";
  private static final int FETCH_SIZE = 10_000;
  private static final int FULL_LOAD_TIMEOUT_SECONDS = 120;
  private static final int TARGETED_TIMEOUT_SECONDS = 10;

  private final Jdbc jdbc;

  AgentDirectoryLoader(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /** Every agent. Rows are streamed in pages, so a large directory does not sit in memory twice. */
  List<DirectoryAgent> loadAll() {
    return jdbc.transaction(
        "load agent directory",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setFetchSize(FETCH_SIZE);
            ps.setQueryTimeout(FULL_LOAD_TIMEOUT_SECONDS);
            return read(ps);
          }
        });
  }

  /** The current state of these agents; an id missing from the result no longer exists. */
  Map<String, DirectoryAgent> load(Collection<String> agentIds) {
    List<DirectoryAgent> found =
        jdbc.read(
            "reload agents",
            c -> {
              try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE a.id = ANY (?)")) {
                ps.setArray(1, Jdbc.textArray(c, List.copyOf(agentIds)));
                ps.setQueryTimeout(TARGETED_TIMEOUT_SECONDS);
                return read(ps);
              }
            });
    Map<String, DirectoryAgent> byId = new HashMap<>();
    found.forEach(a -> byId.put(a.id(), a));
    return byId;
  }

  private static List<DirectoryAgent> read(PreparedStatement ps) throws SQLException {
    Map<String, Builder> agents = new HashMap<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String id = rs.getString(1);
        Builder b = agents.get(id);
        if (b == null) {
          b = new Builder(id, rs.getString(2), rs.getString(3), rs.getString(4));
          agents.put(id, b);
        }
        String keyId = rs.getString(5);
        if (keyId != null) {
          Timestamp expires = rs.getTimestamp(7);
          b.keys.add(new DirectoryAgent.Key(
              keyId, rs.getBytes(6), expires == null ? Long.MAX_VALUE : expires.getTime(), scope(rs, expires)));
        }
      }
    }
    List<DirectoryAgent> out = new ArrayList<>(agents.size());
    agents.values().forEach(b -> out.add(new DirectoryAgent(b.id, b.name, b.env, b.runtimeType, b.keys)));
    return out;
  }

  /** An ephemeral key's scope; an agent key (a rotated one with its grace expiry included) is unlimited. */
  private static KeyScope scope(ResultSet rs, Timestamp expires) throws SQLException {
    if (!AgentKey.EPHEMERAL.equals(rs.getString(8))) {
      return KeyScope.UNLIMITED;
    }
    Array ops = rs.getArray(9);
    Array hosts = rs.getArray(10);
    return new KeyScope(ops == null ? List.of() : List.of((String[]) ops.getArray()),
        hosts == null ? List.of() : List.of((String[]) hosts.getArray()),
        expires == null ? null : expires.toInstant());
  }

  private static final class Builder {
    final String id;
    final String name;
    final String env;
    final String runtimeType;
    final List<DirectoryAgent.Key> keys = new ArrayList<>(1);

    Builder(String id, String name, String env, String runtimeType) {
      this.id = id;
      this.name = name;
      this.env = env;
      this.runtimeType = runtimeType;
    }
  }
}
