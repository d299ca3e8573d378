package dev.airlock.admin.store;

import dev.airlock.proxy.risk.Destination;
import java.sql.PreparedStatement;
import java.util.List;
import javax.sql.DataSource;

/** The tool/hosts agents have written to (agent_destinations). Blocking JDBC. */
public final class DestinationRepository {
  private final Jdbc jdbc;

  public DestinationRepository(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /**
   * Stores destinations in one statement batch; those already stored, and those of agents that no
   * longer exist, are skipped.
   */
  public void insert(List<Destination> destinations) {
    if (destinations.isEmpty()) {
      return;
    }
    jdbc.transaction("store agent destinations", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO agent_destinations (agent_id, tool, host, first_seen)"
              + " SELECT a.id, ?, ?, ? FROM agents a WHERE a.env = ? AND a.name = ?"
              + " ON CONFLICT (agent_id, tool, host) DO NOTHING")) {
        for (Destination d : destinations) {
          ps.setString(1, d.tool());
          ps.setString(2, d.host());
          ps.setObject(3, Jdbc.timestamp(d.firstSeen()));
          ps.setString(4, d.env());
          ps.setString(5, d.agent());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  /** Up to {@code limit} stored destinations with an id above {@code afterId}, in id order. */
  public List<Stored<Destination>> after(long afterId, int limit) {
    return jdbc.read("read agent destinations", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT d.id, a.env, a.name, d.tool, d.host, d.first_seen FROM agent_destinations d"
              + " JOIN agents a ON a.id = d.agent_id WHERE d.id > ? ORDER BY d.id LIMIT ?")) {
        ps.setLong(1, afterId);
        ps.setInt(2, limit);
        return Jdbc.list(ps, rs -> new Stored<>(rs.getLong("id"), new Destination(rs.getString("env"),
            rs.getString("name"), rs.getString("tool"), rs.getString("host"), Jdbc.instant(rs, "first_seen"))));
      }
    });
  }

  /**
   * A row with its id, which only grows: readers remember the highest they have seen.
   *
   * @param id the row's id
   * @param value what it holds
   */
  public record Stored<T>(long id, T value) {}
}
