package dev.airlock.admin.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * Connection and transaction plumbing shared by the repositories (those of alerts and incidents
 * too); translates SQL errors once.
 */
public final class Jdbc {
  static final String UNIQUE_VIOLATION = "23505";
  static final String FOREIGN_KEY_VIOLATION = "23503";

  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private final DataSource dataSource;

  public Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public <T> T read(String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw translate(what, e);
    }
  }

  /** Runs work in one transaction: everything or nothing. */
  public <T> T transaction(String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw translate(what, e);
    }
  }

  public static <T> List<T> list(PreparedStatement ps, RowMapper<T> mapper) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(mapper.map(rs));
      }
      return out;
    }
  }

  /** Binds {@code args} to the statement's parameters in order. */
  static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      ps.setObject(i + 1, args.get(i));
    }
  }

  /** Binds {@code args} to the statement's parameters in order. */
  public static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
  }

  public static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp ts = rs.getTimestamp(column);
    return ts == null ? null : ts.toInstant();
  }

  public static List<String> strings(ResultSet rs, String column) throws SQLException {
    Array array = rs.getArray(column);
    if (array == null) {
      return List.of();
    }
    return List.copyOf(Arrays.asList((String[]) array.getArray()));
  }

  public static Array textArray(Connection c, List<String> values) throws SQLException {
    return c.createArrayOf("text", values.toArray(new String[0]));
  }

  private static StoreException translate(String what, SQLException e) {
    String state = e.getSQLState();
    if (UNIQUE_VIOLATION.equals(state)) {
      return StoreException.conflict(what + ": already exists");
    }
    return new StoreException(what + " failed: " + e.getMessage(), e);
  }
}
