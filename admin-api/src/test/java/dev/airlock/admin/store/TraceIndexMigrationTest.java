package dev.airlock.admin.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.trace.Trace;
import dev.airlock.proxy.trace.TraceIds;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Upgrading a store whose day partitions still carry the primary key (id, time), the wide listing
 * indexes and empty arrays: the key goes, the indexes are rebuilt on the time alone, and every row
 * stays readable, listed, found by id and skipped by a replay.
 */
class TraceIndexMigrationTest {
  @Test
  void storedTracesStayReadableFindableAndSkippedByAReplayOnceThePrimaryKeyIsGone() throws Exception {
    try (StoppablePostgres pg = new StoppablePostgres().start()) {
      Flyway.configure().dataSource(pg.jdbcUrl(), null, null).locations("classpath:db/migration").target("10").load()
          .migrate();
      Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
      Instant yesterday = now.minus(1, ChronoUnit.DAYS);
      String today = TraceIds.at(now.toEpochMilli());
      String before = TraceIds.at(yesterday.toEpochMilli());
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
          PreparedStatement ps = c.prepareStatement("INSERT INTO traces (id, time, env, agent, decision,"
              + " enforced_action, reasons) VALUES (?, ?, 'default', 'bot', 'ALLOW', 'ALLOW', '{RULE}')")) {
        assertThat(indexesOf(c, "traces")).as("before the upgrade").contains("traces_pkey");
        for (Object[] row : new Object[][] {{today, now}, {before, yesterday}}) {
          ps.setString(1, (String) row[0]);
          ps.setObject(2, Jdbc.timestamp((Instant) row[1]));
          ps.executeUpdate();
        }
      }

      try (Database db = Database.connect(pg.jdbcUrl(), Database.PoolSettings.defaults())) {
        db.migrate();
        TraceRepository traces = new TraceRepository(db.dataSource());
        List<Trace> listed = traces.query(TraceQuery.newest(10)).items();
        assertThat(listed).extracting(Trace::id).containsExactly(today, before);
        assertThat(listed.get(0).dataClasses()).as("a stored '{}' reads as before").isEmpty();
        assertThat(listed.get(0).reasons()).containsExactly("RULE");
        assertThat(traces.find(before)).contains(listed.get(1));
        assertThat(traces.insertMissing(listed)).as("both rows are found by (time, id)").isZero();
        assertThat(traces.count()).isEqualTo(2);

        // A day created after the upgrade moves its rows out of the default partition as before,
        // and gets the parent's indexes only.
        Instant future = Instant.parse("2040-01-02T03:04:05.678901Z");
        Trace late = new Trace(TraceIds.at(future.toEpochMilli()), future, "default", "bot", null, "slack", "read",
            "READ", "GET", "slack.com", "/", 200, "ALLOW", "ALLOW", List.of(), null, 0, "LOW", List.of(), List.of(),
            0, 0, 0, -1);
        traces.insert(List.of(late));
        new TracePartitions(db.dataSource()).ensure(LocalDate.parse("2040-01-02"), LocalDate.parse("2040-01-02"));
        assertThat(traces.find(late.id())).contains(late);
        try (Connection c = db.dataSource().getConnection()) {
          assertThat(indexesOf(c, "traces")).containsExactlyInAnyOrder("traces_time_idx", "traces_env_time_idx");
          assertThat(indexesOf(c, "traces_p20400102"))
              .containsExactlyInAnyOrder("traces_p20400102_time_idx", "traces_p20400102_env_time_idx");
          assertThat(indexesOf(c, "traces_default"))
              .containsExactlyInAnyOrder("traces_default_time_idx", "traces_default_env_time_idx");
          String todays = "traces_p" + LocalDate.now(java.time.ZoneOffset.UTC).toString().replace("-", "");
          assertThat(indexesOf(c, todays)).as("a partition made before the upgrade")
              .containsExactlyInAnyOrder(todays + "_time_idx", todays + "_env_time_idx");
        }
      }
    }
  }

  private static List<String> indexesOf(Connection c, String table) throws Exception {
    List<String> names = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT indexname FROM pg_indexes WHERE tablename = '" + table + "'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }
}
