package dev.airlock.admin.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Threat-intel feeds added through the admin API, validated by the caller. Every change is recorded
 * in the audit log in its own transaction (by name, counts and content hash, never the content).
 * Blocking JDBC: use a store executor.
 */
public final class ThreatFeedRepository {
  private static final String META = "name, format, indicator_count, invalid_count, sha256, created_at, updated_at";

  /** A stored feed and whether it replaced an earlier one of that name. */
  public record Saved(StoredFeed feed, boolean replaced) {}

  private final Jdbc jdbc;
  private final AuditLog audit;

  public ThreatFeedRepository(DataSource dataSource, AuditLog audit) {
    this.jdbc = new Jdbc(dataSource);
    this.audit = audit;
  }

  /** Stores the feed, replacing one of the same name; {@code change} gets the previous one (or null). */
  public Saved save(StoredFeed feed, AuditActor actor, Audit<StoredFeed> change) {
    return jdbc.transaction("save threat-intel feed " + feed.name(), c -> {
      StoredFeed before;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + META + " FROM threat_intel_feeds WHERE name = ? FOR UPDATE")) {
        ps.setString(1, feed.name());
        before = Jdbc.list(ps, rs -> map(rs, false)).stream().findFirst().orElse(null);
      }
      StoredFeed after;
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO threat_intel_feeds (name, format, content, indicator_count, invalid_count, sha256)"
              + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET format = excluded.format,"
              + " content = excluded.content, indicator_count = excluded.indicator_count,"
              + " invalid_count = excluded.invalid_count, sha256 = excluded.sha256, updated_at = now()"
              + " RETURNING " + META)) {
        ps.setString(1, feed.name());
        ps.setString(2, feed.format());
        ps.setString(3, feed.content());
        ps.setInt(4, feed.indicatorCount());
        ps.setInt(5, feed.invalidCount());
        ps.setString(6, feed.sha256());
        after = Jdbc.list(ps, rs -> map(rs, false)).get(0);
      }
      audit.append(c, actor, change.change(before, after));
      return new Saved(after, before != null);
    });
  }

  /** Removes the feed and records it; false when there is none of that name. */
  public boolean delete(String name, AuditActor actor, Audit<StoredFeed> change) {
    return jdbc.transaction("delete threat-intel feed " + name, c -> {
      List<StoredFeed> deleted;
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM threat_intel_feeds WHERE name = ? RETURNING " + META)) {
        ps.setString(1, name);
        deleted = Jdbc.list(ps, rs -> map(rs, false));
      }
      if (deleted.isEmpty()) {
        return false;
      }
      audit.append(c, actor, change.change(deleted.get(0), null));
      return true;
    });
  }

  /** One feed without its content. */
  public Optional<StoredFeed> find(String name) {
    return jdbc.read("find threat-intel feed", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + META + " FROM threat_intel_feeds WHERE name = ?")) {
        ps.setString(1, name);
        return Jdbc.list(ps, rs -> map(rs, false)).stream().findFirst();
      }
    });
  }

  /** Every feed by name, without content. */
  public List<StoredFeed> list() {
    return jdbc.read("list threat-intel feeds", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + META + " FROM threat_intel_feeds ORDER BY name")) {
        return Jdbc.list(ps, rs -> map(rs, false));
      }
    });
  }

  /** Every feed with its content: what a node compiles into its index. */
  public List<StoredFeed> loadAll() {
    return jdbc.read("load threat-intel feeds", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + META + ", content FROM threat_intel_feeds ORDER BY name")) {
        return Jdbc.list(ps, rs -> map(rs, true));
      }
    });
  }

  private static StoredFeed map(ResultSet rs, boolean withContent) throws SQLException {
    return new StoredFeed(rs.getString("name"), rs.getString("format"),
        withContent ? rs.getString("content") : null, rs.getInt("indicator_count"), rs.getInt("invalid_count"),
        rs.getString("sha256"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"));
  }
}
