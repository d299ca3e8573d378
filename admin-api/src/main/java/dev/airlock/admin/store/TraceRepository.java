package dev.airlock.admin.store;

import dev.airlock.proxy.trace.Trace;
import dev.airlock.proxy.trace.TraceIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** Trace rows: batch insert, spool replay, lookup by id and newest-first listing. Blocking JDBC. */
public final class TraceRepository {
  private static final String COLUMNS = TraceCopyFormat.COLUMNS;

  private final Jdbc jdbc;

  public TraceRepository(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /**
   * Inserts freshly made traces in one transaction; the table routes each row to its day partition.
   * The batch is streamed with COPY in binary form (several times cheaper per row than INSERT).
   * Nothing checks for traces already stored: a fresh trace cannot be, and a batch whose outcome
   * was unknown goes to the spool and back through {@link #insertMissing}.
   */
  public void insert(List<Trace> traces) {
    if (traces.isEmpty()) {
      return;
    }
    jdbc.transaction("copy traces", c -> {
      relaxCommit(c);
      copy(c, traces);
      return null;
    });
  }

  /**
   * Inserts the traces of {@code traces} not stored yet, in one transaction, and returns how many it
   * inserted: the replay of a spooled batch, which may have been written before (a commit whose
   * answer was lost, a spool file replayed in part before an outage). Stored traces are found by
   * time and id through the time index, with the time every write stores ({@link
   * TraceCopyFormat#storedTime}). No other writer stores these ids meanwhile: a node's spool is
   * replayed by its one trace writer, and trace ids of different nodes never coincide.
   */
  public int insertMissing(List<Trace> traces) {
    if (traces.isEmpty()) {
      return 0;
    }
    return jdbc.transaction("replay traces", c -> {
      relaxCommit(c);
      Set<String> stored = storedIds(c, traces);
      List<Trace> missing = new ArrayList<>(traces.size());
      for (Trace t : traces) {
        if (!stored.contains(t.id())) {
          missing.add(t);
        }
      }
      if (!missing.isEmpty()) {
        copy(c, missing);
      }
      return missing.size();
    });
  }

  /**
   * The trace with id {@code id}, found through the time its id carries: one millisecond of one day
   * partition's time index. The bound is inclusive at the end for traces stored before times
   * were truncated to microseconds, whose rounding could reach the next millisecond's first instant.
   */
  public Optional<Trace> find(String id) {
    long millis = TraceIds.millisOf(id);
    if (millis < 0) {
      return Optional.empty();
    }
    Instant from = Instant.ofEpochMilli(millis);
    return jdbc.read("find trace", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM traces WHERE time >= ? AND time <= ? AND id = ? LIMIT 1")) {
        ps.setObject(1, Jdbc.timestamp(from));
        ps.setObject(2, Jdbc.timestamp(from.plusMillis(1)));
        ps.setString(3, id);
        List<Trace> found = Jdbc.list(ps, TraceRepository::map);
        return found.isEmpty() ? Optional.<Trace>empty() : Optional.of(found.get(0));
      }
    });
  }

  private static Set<String> storedIds(Connection c, List<Trace> traces) throws SQLException {
    String[] ids = new String[traces.size()];
    String[] times = new String[traces.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = traces.get(i).id();
      times[i] = TraceCopyFormat.storedTime(traces.get(i).time()).toString(); // ISO-8601 in UTC
    }
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT u.id FROM unnest(?::text[], ?::text[]::timestamptz[]) AS u(id, time)"
            + " WHERE EXISTS (SELECT 1 FROM traces t WHERE t.time = u.time AND t.id = u.id)")) {
      ps.setArray(1, c.createArrayOf("text", ids));
      ps.setArray(2, c.createArrayOf("text", times));
      Set<String> stored = new HashSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stored.add(rs.getString(1));
        }
      }
      return stored;
    }
  }

  private static void copy(Connection c, List<Trace> traces) throws SQLException {
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

  /** Rows fetched from the server-side cursor per round trip while streaming. */
  static final int STREAM_FETCH_SIZE = 1000;

  /**
   * Hands every trace of {@code env} in [since, until) to {@code sink}, oldest first (time, then
   * id), and returns how many it handed; a null filter does not filter. The rows come through a
   * server-side cursor in a read-only transaction, {@link #STREAM_FETCH_SIZE} at a time, so memory
   * stays the same for millions of rows. Blocking: call it on the store executor.
   *
   * <p>{@code cancelHook} receives, before the query starts, an action that cancels the running
   * query from another thread (a reader that went away while the database is still working); the
   * read then ends with a {@link StoreException}. When {@code sink} throws, the read stops, the
   * transaction is rolled back and the exception is rethrown unchanged.
   */
  public long stream(String env, Instant since, Instant until, Consumer<Runnable> cancelHook,
      TraceStreamSink sink) throws IOException {
    try {
      return jdbc.transaction("stream traces", c -> {
        try (java.sql.Statement st = c.createStatement()) {
          st.execute("SET TRANSACTION READ ONLY");
        }
        SqlFilter where = new SqlFilter().and("env = ?", env).between("time", since, until);
        try (PreparedStatement ps = where.select(c, COLUMNS, "traces", " ORDER BY time, id")) {
          ps.setFetchSize(STREAM_FETCH_SIZE);
          cancelHook.accept(() -> cancel(ps));
          long n = 0;
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              try {
                sink.accept(map(rs));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              n++;
            }
          }
          return n;
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void cancel(PreparedStatement ps) {
    try {
      ps.cancel(); // a no-op once the statement is done
    } catch (SQLException e) {
      // Already closed: the read ended by itself.
    }
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
        rs.getString("approval_id"),
        RiskSignalsJson.read(rs.getString("risk_signals")));
  }
}
