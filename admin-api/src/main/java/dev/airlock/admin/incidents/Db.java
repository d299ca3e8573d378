package dev.airlock.admin.incidents;

import dev.airlock.admin.store.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;

/** Connections and transactions for the incident tables; SQL errors translated by the store's {@link Jdbc}. */
final class Db {
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  @FunctionalInterface
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private final Jdbc jdbc;

  Db(DataSource dataSource) {
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


  static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
  }

  static OffsetDateTime ts(Instant instant) {
    return Jdbc.timestamp(instant);
  }


  static Instant instant(ResultSet rs, String column) throws SQLException {
    return Jdbc.instant(rs, column);
  }

}
