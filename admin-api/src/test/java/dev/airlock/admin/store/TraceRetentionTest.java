package dev.airlock.admin.store;

import static dev.airlock.admin.store.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.trace.Trace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Trace upkeep with the clock moved: partitions ahead of time, whole days dropped past the longest
 * window, rows of the shorter-lived class deleted past theirs, the default partition purged too.
 */
class TraceRetentionTest extends StoreTestBase {
  private static final Instant NOW = Instant.parse("2031-06-15T12:00:00Z");

  private static TraceRepository traces;
  private static TracePartitions partitions;

  TraceRetentionTest() {
    super(Seed.EMPTY);
  }

  @BeforeAll
  static void start() {
    traces = new TraceRepository(db.dataSource());
    partitions = new TracePartitions(db.dataSource());
  }

  @BeforeEach
  void clean() throws SQLException {
    for (TracePartitions.Day d : partitions.days()) {
      partitions.drop(d);
    }
    sql("INSERT INTO environments (slug, name, is_production) VALUES ('prod', 'Production', true), ('dev', 'Dev', false)");
  }

  @Test
  void productionTracesAreKeptAYearOthersNinetyDaysAndDeletedEnvironmentsCountAsOthers() {
    Trace prodOld = at("prod", 400);
    Trace devOld = at("dev", 400);
    Trace prodMid = at("prod", 200);
    Trace devMid = at("dev", 200);
    Trace goneMid = at("gone", 200); // an environment deleted since
    Trace prodDevBoundary = at("prod", 95);
    Trace devPast = at("dev", 95);
    Trace devKept = at("dev", 85);
    Trace prodNew = at("prod", 10);
    Trace devNew = at("dev", 10);
    Trace goneNew = at("gone", 10);
    List<Trace> all = List.of(prodOld, devOld, prodMid, devMid, goneMid, prodDevBoundary, devPast, devKept, prodNew,
        devNew, goneNew);
    for (Trace t : all) {
      LocalDate day = t.time().atZone(ZoneOffset.UTC).toLocalDate();
      partitions.ensure(day, day);
    }
    traces.insert(all);
    // Rows no day partition covers wait in the default partition; retention reaches them too.
    Trace prodDefaultOld = at("prod", 500);
    Trace devDefaultPast = at("dev", 100);
    Trace prodDefaultKept = at("prod", 100);
    traces.insert(List.of(prodDefaultOld, devDefaultPast, prodDefaultKept));

    TraceRetention.Purged purged = upkeep(RetentionWindows.defaults(), NOW).runNow().orElseThrow();

    assertThat(ids()).containsExactlyInAnyOrder(prodMid.id(), prodDevBoundary.id(), devKept.id(), prodNew.id(),
        devNew.id(), goneNew.id(), prodDefaultKept.id());
    assertThat(purged.droppedPartitions()).containsExactly(table(prodOld));
    assertThat(purged.deletedRows()).isEqualTo(5); // devMid, goneMid, devPast, and two in the default partition
    assertThat(partitions.days()).extracting(TracePartitions.Day::day)
        .doesNotContain(day(prodOld))
        .contains(day(prodMid))
        .as("yesterday to a week ahead").containsAll(days(NOW, -1, TraceMaintenance.DAYS_AHEAD));

    // A day later than the year: the partition of the 200-day-old trace stays, a 364-day-old one goes.
    Trace prodYear = at("prod", 364);
    partitions.ensure(day(prodYear), day(prodYear));
    traces.insert(List.of(prodYear));
    upkeep(RetentionWindows.defaults(), NOW.plus(Duration.ofDays(2))).runNow().orElseThrow();
    assertThat(ids()).doesNotContain(prodYear.id()).contains(prodMid.id());
    assertThat(partitions.days()).extracting(TracePartitions.Day::day).doesNotContain(day(prodYear));
  }

  @Test
  void windowsAreConfigurableEvenWithProductionTheShorter() {
    Trace prod = at("prod", 45);
    Trace dev = at("dev", 45);
    Trace devOld = at("dev", 70);
    for (Trace t : List.of(prod, dev, devOld)) {
      partitions.ensure(day(t), day(t));
    }
    traces.insert(List.of(prod, dev, devOld));

    upkeep(new RetentionWindows(30, 60), NOW).runNow().orElseThrow();
    assertThat(ids()).containsExactly(dev.id());
  }

  @Test
  void whileAnotherNodeKeepsTheTablesThisOneSkips() throws SQLException {
    try (Connection other = db.dataSource().getConnection()) {
      other.setAutoCommit(false);
      try (PreparedStatement ps = other.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        ps.setLong(1, TraceMaintenance.LOCK_KEY);
        ps.execute();
      }
      assertThat(upkeep(RetentionWindows.defaults(), NOW).runNow()).isEqualTo(Optional.empty());
      assertThat(partitions.days()).isEmpty();
      other.rollback();
    }
    assertThat(upkeep(RetentionWindows.defaults(), NOW).runNow()).isPresent();
    assertThat(partitions.days()).hasSize(TraceMaintenance.DAYS_AHEAD + 2);
  }

  @Test
  void theScheduleRunsAtOnceWhenStarted() {
    try (TraceMaintenance upkeep = upkeep(RetentionWindows.defaults(), NOW)) {
      upkeep.start();
      Poll.until(Duration.ofSeconds(10), "the first upkeep",
          () -> partitions.days().size() == TraceMaintenance.DAYS_AHEAD + 2);
    }
  }

  private static TraceMaintenance upkeep(RetentionWindows windows, Instant now) {
    return new TraceMaintenance(db.dataSource(), partitions, new TraceRetention(db.dataSource(), partitions, windows),
        Clock.fixed(now, ZoneOffset.UTC), Duration.ofHours(1));
  }

  private static Trace at(String env, int daysAgo) {
    return trace(env, "bot", "slack", "ALLOW", NOW.minus(Duration.ofDays(daysAgo)));
  }

  private static LocalDate day(Trace t) {
    return t.time().atZone(ZoneOffset.UTC).toLocalDate();
  }

  private static String table(Trace t) {
    return "traces_p" + day(t).toString().replace("-", "");
  }

  private static List<LocalDate> days(Instant now, int from, int to) {
    List<LocalDate> out = new ArrayList<>();
    LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
    for (int i = from; i <= to; i++) {
      out.add(today.plusDays(i));
    }
    return out;
  }

  private static List<String> ids() {
    List<String> out = new ArrayList<>();
    traces.query(TraceQuery.newest(1000)).items().forEach(t -> out.add(t.id()));
    return out;
  }

  private static void sql(String statement) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }
}
