package dev.airlock.admin.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE clause of a filtered list and its arguments, built from the filters that are set: a
 * null value means "not filtered". Lists count their matches with it, then add their keyset
 * cursor and limit for the page.
 */
final class SqlFilter {
  private final StringBuilder where = new StringBuilder(" WHERE true");
  private final List<Object> args = new ArrayList<>();

  /** Adds {@code clause} (one {@code ?}) with {@code value}, unless the value is null. */
  SqlFilter and(String clause, Object value) {
    if (value != null) {
      where.append(" AND ").append(clause);
      args.add(value);
    }
    return this;
  }

  /** {@code column >= since AND column < until}, each bound only when given. */
  SqlFilter between(String column, Instant since, Instant until) {
    and(column + " >= ?", Jdbc.timestamp(since));
    return and(column + " < ?", Jdbc.timestamp(until));
  }

  /** Adds a clause with several arguments (a keyset cursor), always. */
  SqlFilter andAll(String clause, Object... values) {
    where.append(" AND ").append(clause);
    args.addAll(List.of(values));
    return this;
  }

  /** How many rows of {@code table} match, counting at most {@code cap} of them (0: no cap). */
  long count(Connection c, String table, long cap) throws SQLException {
    String sql = cap > 0
        ? "SELECT count(*) FROM (SELECT 1 FROM " + table + where + " LIMIT " + cap + ") AS matches"
        : "SELECT count(*) FROM " + table + where;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Jdbc.bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** {@code SELECT columns FROM table WHERE … tail} with the arguments bound, then {@code extra}. */
  PreparedStatement select(Connection c, String columns, String table, String tail, Object... extra)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM " + table + where + tail);
    List<Object> all = new ArrayList<>(args);
    all.addAll(List.of(extra));
    Jdbc.bind(ps, all);
    return ps;
  }
}
