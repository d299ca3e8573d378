package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The day partitions of {@code traces} (migration V10): one table {@code traces_pYYYYMMDD} per UTC
 * day, plus {@code traces_default} for rows no day covers. Blocking JDBC; DDL, so each call is its
 * own short transaction.
 */
public final class TracePartitions {
  static final String DEFAULT_PARTITION = "traces_default";
  private static final Pattern DAY_PARTITION = Pattern.compile("traces_p(\\d{8})");
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  /** One day partition: it holds the traces of {@code day} (UTC). */
  public record Day(String table, LocalDate day) {
    public Day {
      requireNonNull(table, "table");
      requireNonNull(day, "day");
    }

    /** The first instant after this partition's range. */
    public Instant end() {
      return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
  }

  private final Jdbc jdbc;

  public TracePartitions(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /** Creates the partitions of days {@code from}..{@code to} (inclusive) that are missing; returns how many. */
  public int ensure(LocalDate from, LocalDate to) {
    int created = 0;
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      LocalDate day = d;
      boolean made = jdbc.transaction("create the trace partition of " + day, c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT airlock_trace_partition(?)")) {
          ps.setObject(1, day);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
          }
        }
      });
      created += made ? 1 : 0;
    }
    return created;
  }

  /** The day partitions, oldest first. */
  public List<Day> days() {
    List<Day> days = jdbc.read("list trace partitions", c -> {
      try (PreparedStatement ps = c.prepareStatement(
              "SELECT child.relname FROM pg_inherits i JOIN pg_class child ON child.oid = i.inhrelid"
                  + " WHERE i.inhparent = 'traces'::regclass");
          ResultSet rs = ps.executeQuery()) {
        List<Day> out = new ArrayList<>();
        while (rs.next()) {
          Matcher m = DAY_PARTITION.matcher(rs.getString(1));
          if (m.matches()) {
            try {
              out.add(new Day(rs.getString(1), LocalDate.parse(m.group(1), DAY)));
            } catch (DateTimeParseException e) {
              // Not one of ours: only tables named by airlock_trace_partition are managed.
            }
          }
        }
        return out;
      }
    });
    days.sort((a, b) -> a.day().compareTo(b.day()));
    return days;
  }

  /** Drops a day partition with all its rows. */
  public void drop(Day partition) {
    jdbc.transaction("drop trace partition " + partition.table(), c -> {
      try (Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS " + quoted(partition.table()));
      }
      return null;
    });
  }

  /**
   * Deletes the rows of {@code table} (a day partition or the default one) that are older than
   * {@code before}, of the given environments only ({@code envs} null: of every environment).
   * Returns how many.
   */
  public long deleteOlder(String table, Instant before, List<String> envs) {
    String sql = "DELETE FROM " + quoted(table) + " WHERE time < ?" + (envs == null ? "" : " AND env = ANY (?)");
    return jdbc.transaction("delete old traces from " + table, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setObject(1, Jdbc.timestamp(before));
        if (envs != null) {
          Array array = Jdbc.textArray(c, envs);
          ps.setArray(2, array);
        }
        return (long) ps.executeUpdate();
      }
    });
  }

  /**
   * The environments that have traces older than {@code before}, found by a loose index scan over
   * (env, time): one index descent per environment and partition, however many rows there are.
   */
  public List<String> envsWithTracesBefore(Instant before) {
    return jdbc.read("list environments of old traces", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "WITH RECURSIVE e(env) AS ("
              + " (SELECT env FROM traces WHERE time < ? ORDER BY env LIMIT 1)"
              + " UNION ALL"
              + " SELECT (SELECT t.env FROM traces t WHERE t.env > e.env AND t.time < ? ORDER BY t.env LIMIT 1)"
              + " FROM e WHERE e.env IS NOT NULL)"
              + " SELECT env FROM e WHERE env IS NOT NULL")) {
        ps.setObject(1, Jdbc.timestamp(before));
        ps.setObject(2, Jdbc.timestamp(before));
        try (ResultSet rs = ps.executeQuery()) {
          List<String> out = new ArrayList<>();
          while (rs.next()) {
            out.add(rs.getString(1));
          }
          return out;
        }
      }
    });
  }

  private static String quoted(String table) {
    if (!table.equals(DEFAULT_PARTITION) && !DAY_PARTITION.matcher(table).matches()) {
      throw new IllegalArgumentException("table: \"" + table + "\" (expected: a trace partition)");
    }
    return "\"" + table + "\"";
  }
}
