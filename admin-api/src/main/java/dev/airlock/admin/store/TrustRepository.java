package dev.airlock.admin.store;

import dev.airlock.admin.store.DestinationRepository.Stored;
import dev.airlock.proxy.risk.TrustChange;
import dev.airlock.proxy.risk.TrustEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Agents' trust history (trust_events) and current score (agents.trust_score). Blocking JDBC. */
public final class TrustRepository {
  private static final String COLUMNS = "t.id, a.env, a.name, t.time, t.event, t.delta, t.score_after, t.count,"
      + " t.trace_id, t.approval_id, t.node";

  private final Jdbc jdbc;

  public TrustRepository(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /**
   * Appends changes recorded by {@code node} and sets each agent's trust_score to its latest score,
   * in one transaction. Changes of agents that no longer exist are skipped.
   */
  public void insert(List<TrustChange> changes, String node) {
    if (changes.isEmpty()) {
      return;
    }
    jdbc.transaction("store trust changes", c -> {
      Map<List<String>, Double> latest = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO trust_events (agent_id, time, event, delta, score_after, count, trace_id, approval_id, node)"
              + " SELECT a.id, ?, ?, ?, ?, ?, ?, ?, ? FROM agents a WHERE a.env = ? AND a.name = ?")) {
        for (TrustChange t : changes) {
          int i = 0;
          ps.setObject(++i, Jdbc.timestamp(t.time()));
          ps.setString(++i, t.event().wireName());
          ps.setDouble(++i, t.delta());
          ps.setDouble(++i, t.scoreAfter());
          ps.setInt(++i, t.count());
          ps.setString(++i, t.traceId());
          ps.setString(++i, t.approvalId());
          ps.setString(++i, node);
          ps.setString(++i, t.env());
          ps.setString(++i, t.agent());
          ps.addBatch();
          latest.put(List.of(t.env(), t.agent()), t.scoreAfter());
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE agents SET trust_score = ? WHERE env = ? AND name = ?")) {
        for (Map.Entry<List<String>, Double> e : latest.entrySet()) {
          ps.setDouble(1, e.getValue());
          ps.setString(2, e.getKey().get(0));
          ps.setString(3, e.getKey().get(1));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  /** Up to {@code limit} changes with an id above {@code afterId}, in id order. */
  public List<Stored<StoredTrustChange>> after(long afterId, int limit) {
    return jdbc.read("read trust changes", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
          + " FROM trust_events t JOIN agents a ON a.id = t.agent_id WHERE t.id > ? ORDER BY t.id LIMIT ?")) {
        ps.setLong(1, afterId);
        ps.setInt(2, limit);
        return Jdbc.list(ps, rs -> new Stored<>(rs.getLong("id"), map(rs)));
      }
    });
  }

  /** Each agent's latest change (its current score and since when), and the highest id stored. */
  public Latest latest() {
    return jdbc.read("read trust scores", c -> {
      List<StoredTrustChange> rows;
      try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT ON (t.agent_id) " + COLUMNS
          + " FROM trust_events t JOIN agents a ON a.id = t.agent_id ORDER BY t.agent_id, t.id DESC")) {
        rows = Jdbc.list(ps, TrustRepository::map);
      }
      long max;
      try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(id), 0) FROM trust_events");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        max = rs.getLong(1);
      }
      return new Latest(rows, max);
    });
  }

  /** One agent's changes, newest first, filtered by time, one page; the total counts every match. */
  public TrustPage history(String agentId, Instant since, Instant until, int limit, KeysetCursor after) {
    return jdbc.read("list trust changes", c -> {
      SqlFilter where = new SqlFilter().and("t.agent_id = ?", agentId).between("t.time", since, until);
      long total = where.count(c, "trust_events t", 0);
      if (after != null) {
        long id;
        try {
          id = Long.parseLong(after.id());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("cursor: not a trust history cursor");
        }
        where.andAll("(t.time, t.id) < (?, ?)", Jdbc.timestamp(after.time()), id);
      }
      try (PreparedStatement ps = where.select(c, COLUMNS, "trust_events t JOIN agents a ON a.id = t.agent_id",
          " ORDER BY t.time DESC, t.id DESC LIMIT ?", limit + 1)) {
        List<Stored<StoredTrustChange>> rows = Jdbc.list(ps, rs -> new Stored<>(rs.getLong("id"), map(rs)));
        KeysetCursor next = null;
        if (rows.size() > limit) {
          rows = rows.subList(0, limit);
          Stored<StoredTrustChange> last = rows.get(limit - 1);
          next = new KeysetCursor(last.value().change().time(), Long.toString(last.id()));
        }
        return new TrustPage(List.copyOf(rows), total, next);
      }
    });
  }

  private static StoredTrustChange map(ResultSet rs) throws SQLException {
    TrustChange change = new TrustChange(rs.getString("env"), rs.getString("name"), Jdbc.instant(rs, "time"),
        TrustEvent.ofWireName(rs.getString("event")), rs.getDouble("delta"), rs.getDouble("score_after"),
        rs.getInt("count"), rs.getString("trace_id"), rs.getString("approval_id"));
    return new StoredTrustChange(change, rs.getString("node"));
  }

  /**
   * A stored change and the node that recorded it.
   *
   * @param change the change
   * @param node id of the node that recorded (and already applied) it
   */
  public record StoredTrustChange(TrustChange change, String node) {}

  /**
   * @param perAgent each agent's latest change
   * @param maxId the highest change id stored (0 when none)
   */
  public record Latest(List<StoredTrustChange> perAgent, long maxId) {}

  /**
   * @param next cursor of the last item when more follow, else null
   */
  public record TrustPage(List<Stored<StoredTrustChange>> items, long total, KeysetCursor next) {}
}
