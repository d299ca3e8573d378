package dev.airlock.admin.store;

import static dev.airlock.admin.store.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.proxy.trace.Trace;
import dev.airlock.proxy.trace.TraceIds;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TraceRepositoryTest extends StoreTestBase {
  private static TraceRepository traces;
  private final Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  TraceRepositoryTest() {
    super(Seed.EMPTY);
  }

  @BeforeAll
  static void start() {
    traces = new TraceRepository(db.dataSource());
  }

  @Test
  void newestFirstListingsAreServedByBackwardIndexScansOfEachDayPartition() throws Exception {
    try (java.sql.Connection c = db.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
      st.execute("SET enable_seqscan = off"); // the table is tiny here; ask which index serves the order
      st.execute("SET enable_sort = off");
      try {
        // Each partition is read backwards along its time index; only traces of the same
        // microsecond are put in id order (an incremental sort), never the whole range.
        String all = plan(st, "SELECT * FROM traces ORDER BY time DESC, id DESC LIMIT 50");
        assertThat(all).containsPattern("Index Scan Backward using traces_p\\d{8}_time_idx")
            .contains("Index Scan Backward using traces_default_time_idx")
            .contains("Incremental Sort").containsPattern("Presorted Key: \\w+\\.\"time\"")
            .doesNotContainPattern("(?<!Incremental )Sort  \\(").doesNotContain("Seq Scan");
        String oneEnv = plan(st, "SELECT * FROM traces WHERE env = 'default' AND (time, id) < (now(), 'trc_f')"
            + " ORDER BY time DESC, id DESC LIMIT 50");
        assertThat(oneEnv).containsPattern("Index Scan Backward using traces_p\\d{8}_env_time_idx")
            .doesNotContainPattern("(?<!Incremental )Sort  \\(").doesNotContain("Seq Scan");
      } finally {
        st.execute("RESET enable_seqscan");
        st.execute("RESET enable_sort");
      }
    }
  }

  @Test
  void copyRoutesEachTraceToItsDayPartitionAndDaysWithoutOneToTheDefaultPartition() throws Exception {
    TracePartitions partitions = new TracePartitions(db.dataSource());
    Instant day = Instant.parse("2031-05-06T10:00:00Z");
    partitions.ensure(java.time.LocalDate.parse("2031-05-06"), java.time.LocalDate.parse("2031-05-06"));
    Trace inPartition = trace("default", "bot", "slack", "ALLOW", day);
    Trace nextDay = trace("default", "bot", "slack", "ALLOW", Instant.parse("2031-05-07T00:00:00Z"));
    traces.insert(List.of(inPartition, nextDay)); // one COPY across two destinations

    assertThat(tableOf(inPartition.id())).isEqualTo("traces_p20310506");
    assertThat(tableOf(nextDay.id())).isEqualTo("traces_default");
    // Creating the missing day moves its rows out of the default partition instead of failing.
    assertThat(partitions.ensure(java.time.LocalDate.parse("2031-05-06"), java.time.LocalDate.parse("2031-05-07")))
        .isEqualTo(1);
    assertThat(tableOf(nextDay.id())).isEqualTo("traces_p20310507");
    assertThat(traces.query(TraceQuery.newest(10)).items()).containsExactly(nextDay, inPartition);
  }

  @Test
  void aReplayedBatchSkipsTheTracesAlreadyStoredAndWritesTheRest() {
    // Nanoseconds the database cannot keep: the replay must look the trace up by the time stored.
    Instant odd = Instant.parse("2031-05-06T10:00:00.123456789Z");
    Trace t = trace("default", "bot", "slack", "ALLOW", odd);
    traces.insert(List.of(t)); // written, but say its commit's answer was lost: the batch was spooled
    Trace fresh = trace("default", "bot", "slack", "ALLOW", odd.plusSeconds(1));
    assertThat(traces.insertMissing(List.of(t, fresh))).isEqualTo(1);
    assertThat(traces.insertMissing(List.of(fresh, t))).as("a file replayed a second time").isZero();
    assertThat(traces.count()).isEqualTo(2);
    assertThat(traces.query(TraceQuery.newest(10)).items()).extracting(Trace::time)
        .containsExactly(Instant.parse("2031-05-06T10:00:01.123457Z"), Instant.parse("2031-05-06T10:00:00.123457Z"));
  }

  @Test
  void aReplayTellsTracesOfOneMillisecondApartById() {
    Trace stored = trace("default", "bot", "slack", "ALLOW", base);
    Trace sameTime = new Trace(TraceIds.at(base.toEpochMilli()), base, "default", "bot", null, "slack", "read", "READ",
        "GET", "slack.com", "/", 200, "ALLOW", "ALLOW", List.of(), null, 0, "LOW", List.of(), List.of(), 0, 0, 0, -1);
    traces.insert(List.of(stored));
    assertThat(traces.insertMissing(List.of(sameTime, stored))).isEqualTo(1);
    assertThat(traces.query(TraceQuery.newest(10)).items()).containsExactlyInAnyOrder(stored, sameTime);
  }

  @Test
  void findByIdReadsOneMillisecondOfOnePartitionsTimeIndex() throws Exception {
    new TracePartitions(db.dataSource()).ensure(java.time.LocalDate.parse("2032-07-08"),
        java.time.LocalDate.parse("2032-07-09"));
    Trace t = trace("default", "bot", "slack", "DENY", Instant.parse("2032-07-08T23:59:59.999999Z"));
    Trace other = trace("default", "bot", "slack", "ALLOW", Instant.parse("2032-07-08T23:59:59.999Z"));
    traces.insert(List.of(t, other));
    assertThat(traces.find(t.id())).contains(t);
    assertThat(traces.find(other.id())).contains(other);
    assertThat(traces.find(TraceIds.at(t.time().toEpochMilli()))).as("same millisecond, other id").isEmpty();
    assertThat(traces.find("trc_nothex")).isEmpty();
    assertThat(traces.find(t.id().toUpperCase(java.util.Locale.ROOT))).isEmpty();

    try (java.sql.Connection c = db.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
      st.execute("SET enable_seqscan = off");
      try {
        String plan = plan(st, "SELECT * FROM traces WHERE time >= '2032-07-08T23:59:59.999Z'"
            + " AND time <= '2032-07-09T00:00:00Z' AND id = '" + t.id() + "'");
        assertThat(plan).contains("traces_p20320708_time_idx").contains("traces_p20320709_time_idx")
            .doesNotContain("traces_default").doesNotContain("Seq Scan");
      } finally {
        st.execute("RESET enable_seqscan");
      }
    }
  }

  @Test
  void findByIdAlsoReachesATraceWhoseTimeWasRoundedIntoTheNextMillisecond() {
    // Stored before trace times were truncated to microseconds: x.9999996 ms rounds to x+1 ms.
    Instant made = Instant.parse("2031-05-06T10:00:00.0009996Z");
    Trace t = new Trace(TraceIds.at(made.toEpochMilli()), made, "default", "bot", null, "slack", "read", "READ",
        "GET", "slack.com", "/", 200, "ALLOW", "ALLOW", List.of(), null, 0, "LOW", List.of(), List.of(), 0, 0, 0, -1);
    traces.insert(List.of(t));
    assertThat(traces.find(t.id())).map(Trace::time).contains(Instant.parse("2031-05-06T10:00:00.001Z"));
  }

  @Test
  void dayPartitionsCarryOnlyTheListingsIndexesAndEmptyListsAreStoredAsNull() throws Exception {
    Trace t = trace("default", "bot", "slack", "ALLOW", base); // no reasons, no bound data classes
    traces.insert(List.of(t));
    try (java.sql.Connection c = db.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
      try (java.sql.ResultSet rs = st.executeQuery("SELECT indexdef FROM pg_indexes WHERE tablename = '"
          + tableOf(t.id()) + "' ORDER BY indexname")) {
        List<String> defs = new ArrayList<>();
        while (rs.next()) {
          defs.add(rs.getString(1).replaceAll(".* USING ", ""));
        }
        assertThat(defs).as("no primary key; the time without the id")
            .containsExactly("btree (env, \"time\")", "btree (\"time\")");
      }
      try (java.sql.ResultSet rs = st.executeQuery(
          "SELECT reasons IS NULL, bound_data_classes IS NULL, data_classes FROM traces")) {
        rs.next();
        assertThat(rs.getBoolean(1)).isTrue();
        assertThat(rs.getBoolean(2)).isTrue();
        assertThat(rs.getString(3)).isEqualTo("{SECRETS.aws_access_key}");
      }
    }
    assertThat(traces.find(t.id())).contains(t);
    assertThat(t.reasons()).isEmpty();
  }

  private static String tableOf(String traceId) throws Exception {
    try (java.sql.Connection c = db.dataSource().getConnection();
        java.sql.PreparedStatement ps = c.prepareStatement("SELECT tableoid::regclass::text FROM traces WHERE id = ?")) {
      ps.setString(1, traceId);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("trace " + traceId + " stored").isTrue();
        return rs.getString(1);
      }
    }
  }

  private static String plan(java.sql.Statement st, String sql) throws Exception {
    StringBuilder plan = new StringBuilder();
    try (java.sql.ResultSet rs = st.executeQuery("EXPLAIN " + sql)) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }

  @Test
  void insertRoundTripsEveryField() {
    Trace t = trace("default", "bot", "slack", "DENY", base);
    traces.insert(List.of(t));
    assertThat(traces.insertMissing(List.of(t))).as("a replayed duplicate is skipped").isZero();

    TracePage page = traces.query(TraceQuery.newest(10));
    assertThat(page.items()).containsExactly(t);
    assertThat(page.next()).isEmpty();
  }

  @Test
  void awkwardCharactersSurviveTheCopyPathAndAReplay() {
    Trace odd = new Trace("trc_odd", base, "default", "bot\tname", null, "slack", "post_message", "WRITE", "POST",
        "slack.com", "/api/a\\b\nc\r", 403, "DENY", "DENY", List.of("A\"B", "C,D", "E\\F", "{G}", ""), null,
        0.25, "HIGH", List.of("PII.email", "ünïcödé"), List.of("SECRETS.github_pat"), 1, 2, 3, -1);
    traces.insert(List.of(odd));
    assertThat(traces.query(TraceQuery.newest(10)).items()).containsExactly(odd);
    Trace fresh = trace("default", "bot", "slack", "ALLOW", base.plusSeconds(1));
    assertThat(traces.insertMissing(List.of(odd, fresh))).isEqualTo(1); // found by (time, id) despite the odd id
    assertThat(traces.count()).isEqualTo(2);
  }

  @Test
  void riskSignalsAreStoredInOrderByCopyAndByTheReplay() {
    // As the engine scores a request: every signal (0 when it did not fire), then the standing.
    java.util.Map<String, Double> signals = new java.util.LinkedHashMap<>();
    for (dev.airlock.proxy.policy.RiskSignal s : dev.airlock.proxy.policy.RiskSignal.values()) {
      signals.put(s.wireName(), 0.0);
    }
    signals.put("new_destination", 0.3);
    signals.put("raw_risk", 0.37);
    signals.put("trust", 0.25);
    signals.put("scrutiny_multiplier", 1.0);
    Trace plain = trace("default", "bot", "slack", "ALLOW", base);
    Trace scored = withSignals(trace("default", "bot", "slack", "ALLOW", base.plusSeconds(1)), signals);
    traces.insert(List.of(plain, scored));
    Trace later = withSignals(trace("default", "bot", "slack", "ALLOW", base.plusSeconds(2)), signals);
    assertThat(traces.insertMissing(List.of(scored, later))).isEqualTo(1); // a replay: only the new one is written
    List<Trace> stored = traces.query(TraceQuery.newest(10)).items();
    assertThat(stored).containsExactly(later, scored, plain);
    assertThat(stored.get(0).riskSignals()).containsExactlyEntriesOf(signals);
    assertThat(traces.count()).isEqualTo(3);
    assertThat(stored.get(2).riskSignals()).isEmpty();
    assertThat(TraceJson.fromJson(TraceJson.toJson(scored))).isEqualTo(scored);
    assertThat(TraceJson.toJson(scored).path("risk_signals").path("trust").asDouble()).isEqualTo(0.25);
  }

  private static Trace withSignals(Trace t, java.util.Map<String, Double> signals) {
    return new Trace(t.id(), t.time(), t.env(), t.agent(), t.keyId(), t.tool(), t.operation(), t.verb(), t.method(),
        t.host(), t.path(), t.status(), t.decision(), t.enforcedAction(), t.reasons(), t.ruleRef(), t.riskScore(),
        t.severity(), t.dataClasses(), t.boundDataClasses(), t.bytesIn(), t.bytesOut(), t.policyMicros(),
        t.upstreamMillis(), t.approvalId(), signals);
  }

  @Test
  void filtersAndPagesNewestFirst() {
    List<Trace> all = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      // Pairs share a timestamp so that the id breaks ties in the cursor.
      Instant time = base.minusSeconds(i / 2);
      all.add(trace(i % 2 == 0 ? "default" : "production", "bot" + (i % 3), i % 5 == 0 ? "github" : "slack",
          i % 4 == 0 ? "DENY" : "ALLOW", time));
    }
    traces.insert(all);

    List<Trace> paged = new ArrayList<>();
    TraceQuery q = TraceQuery.newest(7);
    TracePage page;
    do {
      page = traces.query(q);
      paged.addAll(page.items());
      q = page.next().map(q::after).orElse(null);
    } while (q != null);
    List<Trace> expected = new ArrayList<>(all);
    expected.sort((a, b) -> a.time().equals(b.time()) ? b.id().compareTo(a.id()) : b.time().compareTo(a.time()));
    assertThat(paged).containsExactlyElementsOf(expected);

    TraceQuery deny = new TraceQuery("default", null, null, "DENY", null, null, 100, null);
    assertThat(traces.query(deny).items()).isNotEmpty()
        .allSatisfy(t -> assertThat(t.env() + t.decision()).isEqualTo("defaultDENY"));
    TraceQuery tool = new TraceQuery(null, null, null, null, "bot1", "github", 100, null);
    assertThat(traces.query(tool).items()).isNotEmpty()
        .allSatisfy(t -> assertThat(t.agent() + t.tool()).isEqualTo("bot1github"));
    TraceQuery window = new TraceQuery(null, base.minusSeconds(3), base.minusSeconds(1), null, null, null, 100, null);
    // since is inclusive, until exclusive: the pairs at base-3s and base-2s.
    assertThat(traces.query(window).items()).hasSize(4)
        .allSatisfy(t -> assertThat(t.time()).isBetween(base.minusSeconds(3), base.minus(Duration.ofSeconds(2))));
  }

  @Test
  void cursorRoundTripsAndRejectsGarbage() {
    KeysetCursor c = new KeysetCursor(base, "trc_1");
    assertThat(KeysetCursor.decode(c.encode())).isEqualTo(c);
    assertThatThrownBy(() -> KeysetCursor.decode("!!")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeysetCursor.decode("YWJj")).isInstanceOf(IllegalArgumentException.class);
  }
}
