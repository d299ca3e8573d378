package dev.airlock.admin.store;

import dev.airlock.proxy.trace.Trace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** Trace rows: batch insert and newest-first listing with a keyset cursor. Blocking JDBC. */
public final class TraceRepository {
  private static final String COLUMNS = TraceCopyFormat.COLUMNS;

  private final Jdbc jdbc;

  public TraceRepository(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /**
   * Inserts traces in one transaction; the table routes each row to its day partition. Traces
   * already present (same id and time) are skipped, so replaying a spool that was partly written
   * before is harmless. The fast path streams the batch with COPY (several
   * times cheaper per row than INSERT); if that fails — e.g. some ids exist already — the batch is
   * written again with INSERT … ON CONFLICT DO NOTHING.
   */
  public void insert(List<Trace> traces) {
    if (traces.isEmpty()) {
      return;
    }
    try {
      jdbc.transaction("copy traces", c -> {
        relaxCommit(c);
        TraceCopyFormat.Encoded rows = TraceCopyFormat.rows(traces);
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI()
            .copyIn("COPY traces (" + COLUMNS + ") FROM STDIN (FORMAT binary)");
        try {
          copy.writeToCopy(rows.bytes(), 0, rows.length());
          copy.endCopy();
        } finally {
          if (copy.isActive()) {
            copy.cancelCopy();
          }
        }
        return null;
      });
      return;
    } catch (StoreException e) {
      if (e.kind() == StoreException.Kind.UNAVAILABLE) {
        throw e;
      }
      // fall through: an id already stored (spool replay) or a value COPY rejected
    }
    jdbc.transaction(
        "insert traces",
        c -> {
          relaxCommit(c);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO traces (" + COLUMNS + ") VALUES"
                      + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)"
                      + " ON CONFLICT (id, time) DO NOTHING")) {
            for (Trace t : traces) {
              bind(c, ps, t);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  public TracePage query(TraceQuery q) {
    List<Trace> rows = jdbc.read("query traces", c -> {
      SqlFilter where = filters(q);
      if (q.after() != null) {
        where.andAll("(time, id) < (?, ?)", Jdbc.timestamp(q.after().time()), q.after().id());
      }
      try (PreparedStatement ps = where.select(c, COLUMNS, "traces", " ORDER BY time DESC, id DESC LIMIT ?",
          q.limit() + 1)) {
        return Jdbc.list(ps, TraceRepository::map);
      }
    });
    if (rows.size() <= q.limit()) {
      return new TracePage(rows, Optional.empty());
    }
    List<Trace> page = rows.subList(0, q.limit());
    Trace last = page.get(page.size() - 1);
    return new TracePage(page, Optional.of(new KeysetCursor(last.time(), last.id())));
  }

  /** Counting stops here: a list's total is exact below it and "at least" this many above. */
  public static final long COUNT_CAP = 100_000;

  /**
   * How many traces match {@code q}'s filters (its cursor and limit aside), counting at most
   * {@link #COUNT_CAP}: an exact count of millions of rows would cost more than the page itself.
   */
  public long countMatches(TraceQuery q) {
    return jdbc.read("count traces", c -> filters(q).count(c, "traces", COUNT_CAP));
  }

  private static SqlFilter filters(TraceQuery q) {
    return new SqlFilter()
        .and("env = ?", q.env())
        .between("time", q.since(), q.until())
        .and("decision = ?", q.decision())
        .and("agent = ?", q.agent())
        .and("tool = ?", q.tool());
  }

  /**
   * Hands the traces of {@code env} in [since, until) to {@code sink}, newest first, at most
   * {@code max} of them, and returns how many it handed. Rows are fetched in batches through a
   * cursor, so memory stays the same however many match.
   *
   * @param until exclusive end, or null for no end
   */
  public long forEach(String env, Instant since, Instant until, long max, Consumer<Trace> sink) {
    return jdbc.transaction(
        "read traces",
        c -> {
          // A cursor needs a transaction (not auto-commit) and a fetch size.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM traces WHERE env = ? AND time >= ?"
                      + (until == null ? "" : " AND time < ?") + " ORDER BY time DESC, id DESC LIMIT ?")) {
            ps.setFetchSize(500);
            int i = 0;
            ps.setString(++i, env);
            ps.setObject(++i, Jdbc.timestamp(since));
            if (until != null) {
              ps.setObject(++i, Jdbc.timestamp(until));
            }
            ps.setLong(++i, max);
            long n = 0;
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                sink.accept(map(rs));
                n++;
              }
            }
            return n;
          }
        });
  }

  public long count() {
    return jdbc.read(
        "count traces",
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM traces");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  /**
   * Trace batches arrive several times a second: waiting for each commit's WAL flush would cost
   * more than writing the rows. An asynchronous commit can lose the last fraction of a second of
   * traces only if PostgreSQL itself crashes; the database stays consistent either way.
   */
  private static void relaxCommit(Connection c) throws SQLException {
    try (java.sql.Statement st = c.createStatement()) {
      st.execute("SET LOCAL synchronous_commit TO OFF");
    }
  }

  private static void bind(Connection c, PreparedStatement ps, Trace t) throws SQLException {
    int i = 0;
    ps.setString(++i, t.id());
    ps.setObject(++i, Jdbc.timestamp(TraceCopyFormat.storedTime(t.time())));
    ps.setString(++i, nonNull(t.env()));
    ps.setString(++i, nonNull(t.agent()));
    ps.setString(++i, t.keyId());
    ps.setString(++i, nonNull(t.tool()));
    ps.setString(++i, nonNull(t.operation()));
    ps.setString(++i, nonNull(t.verb()));
    ps.setString(++i, nonNull(t.method()));
    ps.setString(++i, nonNull(t.host()));
    ps.setString(++i, nonNull(t.path()));
    ps.setInt(++i, t.status());
    ps.setString(++i, nonNull(t.decision()));
    ps.setString(++i, nonNull(t.enforcedAction()));
    ps.setArray(++i, Jdbc.textArray(c, t.reasons()));
    ps.setString(++i, t.ruleRef());
    ps.setDouble(++i, t.riskScore());
    ps.setString(++i, nonNull(t.severity()));
    ps.setArray(++i, Jdbc.textArray(c, t.dataClasses()));
    ps.setArray(++i, Jdbc.textArray(c, t.boundDataClasses()));
    ps.setLong(++i, t.bytesIn());
    ps.setLong(++i, t.bytesOut());
    ps.setLong(++i, t.policyMicros());
    ps.setLong(++i, t.upstreamMillis());
    ps.setString(++i, RiskSignalsJson.write(t.riskSignals()));
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  private static Trace map(ResultSet rs) throws SQLException {
    return new Trace(
        rs.getString("id"),
        Jdbc.instant(rs, "time"),
        rs.getString("env"),
        rs.getString("agent"),
        rs.getString("key_id"),
        rs.getString("tool"),
        rs.getString("operation"),
        rs.getString("verb"),
        rs.getString("method"),
        rs.getString("host"),
        rs.getString("path"),
        rs.getInt("status"),
        rs.getString("decision"),
        rs.getString("enforced_action"),
        Jdbc.strings(rs, "reasons"),
        rs.getString("rule_ref"),
        rs.getDouble("risk_score"),
        rs.getString("severity"),
        Jdbc.strings(rs, "data_classes"),
        Jdbc.strings(rs, "bound_data_classes"),
        rs.getLong("bytes_in"),
        rs.getLong("bytes_out"),
        rs.getLong("policy_us"),
        rs.getLong("upstream_ms"),
        RiskSignalsJson.read(rs.getString("risk_signals")));
  }
}
