package dev.airlock.admin.incidents;

import dev.airlock.admin.store.Jdbc;
import dev.airlock.proxy.risk.TrustBook;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Scrutiny pinned on agents by incidents, stored so that every node applies it: a pin is written
 * here, the table's notification makes each node {@link #reload} into its {@link TrustBook}, and a
 * node loads them all at start. A pin removed (the incident closed as a false positive) is
 * unpinned on every node the same way.
 */
public final class ScrutinyPins implements Runnable {
  private final Jdbc db;
  private final TrustBook trust;
  private final Clock clock;
  private final Set<List<String>> applied = new HashSet<>();

  public ScrutinyPins(DataSource dataSource, TrustBook trust, Clock clock) {
    this.db = new Jdbc(dataSource);
    this.trust = trust;
    this.clock = clock;
  }

  /** Pins {@code multiplier} on the agent until {@code until} (replacing its pin) here and, by notice, everywhere. */
  public void pin(String env, String agent, double multiplier, Instant until, String incidentId) {
    db.transaction("pin scrutiny", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO scrutiny_pins (env, agent, multiplier, until,"
          + " incident_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT (env, agent) DO UPDATE SET multiplier ="
          + " excluded.multiplier, until = excluded.until, incident_id = excluded.incident_id")) {
        Jdbc.bind(ps, env, agent, multiplier, Jdbc.timestamp(until), incidentId);
        return ps.executeUpdate();
      }
    });
    trust.pinScrutiny(env, agent, multiplier, until);
  }

  /** Removes the pin an incident set, if it is still the agent's. */
  public void unpin(String env, String agent, String incidentId) {
    int removed = db.transaction("unpin scrutiny", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM scrutiny_pins WHERE env = ? AND agent = ? AND incident_id = ?")) {
        Jdbc.bind(ps, env, agent, incidentId);
        return ps.executeUpdate();
      }
    });
    if (removed > 0) {
      trust.unpin(env, agent);
    }
  }

  /** Applies the stored pins still in force to the trust book; unpins those gone. */
  @Override
  public synchronized void run() {
    List<Object[]> rows = db.read("read scrutiny pins", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT env, agent, multiplier, until FROM scrutiny_pins WHERE until > ?")) {
        ps.setObject(1, Jdbc.timestamp(clock.instant()));
        return Jdbc.list(ps, rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getDouble(3),
            Jdbc.instant(rs, "until")});
      }
    });
    Set<List<String>> now = new HashSet<>();
    for (Object[] r : rows) {
      trust.pinScrutiny((String) r[0], (String) r[1], (Double) r[2], (Instant) r[3]);
      now.add(List.of((String) r[0], (String) r[1]));
    }
    for (List<String> gone : applied) {
      if (!now.contains(gone)) {
        trust.unpin(gone.get(0), gone.get(1));
      }
    }
    applied.clear();
    applied.addAll(now);
  }
}
