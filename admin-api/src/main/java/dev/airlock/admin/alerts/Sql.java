package dev.airlock.admin.alerts;

import dev.airlock.admin.store.Jdbc;
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

/** Connections, transactions and column conversions of the alert tables; SQL errors translated by the store's Jdbc. */
final class Sql {
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  @FunctionalInterface
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private final Jdbc jdbc;

  Sql(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  <T> T read(String what, Work<T> work) {
    return jdbc.read(what, work::run);
  }

  /** Runs work in one transaction: everything or nothing. */
  <T> T transaction(String what, Work<T> work) {
    return jdbc.transaction(what, work::run);
  }

  static <T> List<T> list(PreparedStatement ps, Row<T> row) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(row.map(rs));
      }
      return out;
    }
  }

  static OffsetDateTime timestamp(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp ts = rs.getTimestamp(column);
    return ts == null ? null : ts.toInstant();
  }

  static List<String> strings(ResultSet rs, String column) throws SQLException {
    Array a = rs.getArray(column);
    return a == null ? List.of() : List.copyOf(Arrays.asList((String[]) a.getArray()));
  }

  static Array textArray(Connection c, List<String> values) throws SQLException {
    return c.createArrayOf("text", values.toArray(new String[0]));
  }
}
