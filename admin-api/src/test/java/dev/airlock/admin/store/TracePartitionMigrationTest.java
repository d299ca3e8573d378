package dev.airlock.admin.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.trace.Trace;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Upgrading a store whose traces table is not partitioned yet: every row moves to its day. */
class TracePartitionMigrationTest {
  @Test
  void existingTracesMoveIntoDayPartitionsAndStayReadable() throws Exception {
    try (StoppablePostgres pg = new StoppablePostgres().start()) {
      Flyway.configure().dataSource(pg.jdbcUrl(), null, null).locations("classpath:db/migration").target("5").load()
          .migrate();
      Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
      Map<String, Instant> rows = new HashMap<>();
      rows.put("trc_old", now.minus(Duration.ofDays(700)));
      rows.put("trc_week", now.minus(Duration.ofDays(7)));
      rows.put("trc_now", now);
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
          PreparedStatement ps = c.prepareStatement("INSERT INTO traces (id, time, env, agent, decision,"
              + " enforced_action, reasons, bound_data_classes) VALUES (?, ?, 'default', 'bot', 'DENY', 'DENY',"
              + " '{SECRET_DETECTED}', '{SECRETS.github_pat}')")) {
        for (Map.Entry<String, Instant> r : rows.entrySet()) {
          ps.setString(1, r.getKey());
          ps.setObject(2, Jdbc.timestamp(r.getValue()));
          ps.executeUpdate();
        }
      }

      try (Database db = Database.connect(pg.jdbcUrl(), Database.PoolSettings.defaults())) {
        db.migrate();
        for (Map.Entry<String, Instant> r : rows.entrySet()) {
          assertThat(tableOf(db, r.getKey())).as(r.getKey())
              .isEqualTo("traces_p" + r.getValue().atZone(ZoneOffset.UTC).toLocalDate().toString().replace("-", ""));
        }
        TraceRepository traces = new TraceRepository(db.dataSource());
        List<Trace> listed = traces.query(TraceQuery.newest(10)).items();
        assertThat(listed).extracting(Trace::id).containsExactly("trc_now", "trc_week", "trc_old");
        assertThat(listed.get(0).reasons()).containsExactly("SECRET_DETECTED");
        assertThat(listed.get(0).boundDataClasses()).containsExactly("SECRETS.github_pat");
        assertThat(traces.insertMissing(List.of(listed.get(1)))).as("a replay of a migrated row").isZero();
        assertThat(traces.count()).isEqualTo(3);

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(new TracePartitions(db.dataSource()).days()).extracting(TracePartitions.Day::day)
            .as("today and the week ahead").contains(today, today.plusDays(7));
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT to_regclass('traces_unpartitioned')")) {
          rs.next();
          assertThat(rs.getString(1)).as("the old table is gone").isNull();
        }
      }
    }
  }

  private static String tableOf(Database db, String id) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT tableoid::regclass::text FROM traces WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as(id + " migrated").isTrue();
        return rs.getString(1);
      }
    }
  }
}
