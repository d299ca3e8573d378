package dev.airlock.admin.alerts;

import dev.airlock.admin.store.Jdbc;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
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
    return Jdbc.list(ps, row::map);
  }


  static OffsetDateTime timestamp(Instant i) {
    return Jdbc.timestamp(i);
  }


  static Instant instant(ResultSet rs, String column) throws SQLException {
    return Jdbc.instant(rs, column);
  }


  static List<String> strings(ResultSet rs, String column) throws SQLException {
    return Jdbc.strings(rs, column);
  }


  static Array textArray(Connection c, List<String> values) throws SQLException {
    return Jdbc.textArray(c, values);
  }

}
