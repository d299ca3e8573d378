package dev.airlock.admin.incidents;

import static dev.airlock.admin.incidents.IncidentTraces.allowWithTrust;
import static dev.airlock.admin.incidents.IncidentTraces.deny;
import static dev.airlock.admin.incidents.IncidentTraces.denyFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.alerts.AlertEvent;
import dev.airlock.admin.alerts.AlertSink;
import dev.airlock.admin.alerts.IncidentAlert;
import dev.airlock.admin.store.StoreTestBase;
import dev.airlock.proxy.risk.TrustBook;
import dev.airlock.proxy.trace.Trace;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The detector on a real database: each trigger opens an incident at its threshold and not one
 * event below, later events extend the open incident, two nodes count together and open one.
 */
class IncidentDetectorTest extends StoreTestBase {
  private final List<AlertEvent> published = new CopyOnWriteArrayList<>();
  private final AlertSink sink = new AlertSink() {
    @Override
    public void publish(AlertEvent event) {
      published.add(event);
    }

    @Override
    public boolean publishTo(String channelId, AlertEvent event) {
      return false;
    }
  };
  private TrustBook trust;
  private Incidents node;
  private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);

  IncidentDetectorTest() {
    super(Seed.EMPTY);
  }

  @BeforeEach
  void clean() {
    trust = new TrustBook(Duration.ofDays(1), Clock.systemUTC());
    node = node(IncidentConfig.defaults(), trust, Runnable::run);
  }

  private Incidents node(IncidentConfig config, TrustBook book, java.util.concurrent.Executor executor) {
    return Incidents.create(db.dataSource(), store.audit(), config, book, sink, store.agents(), id -> { },
        executor, Clock.systemUTC());
  }

  private List<Incident> incidents() {
    return store().list(new IncidentQuery(null, null, null, null, null, null, null, 100, null)).items();
  }

  private IncidentRepository store() {
    return node.repository();
  }

  private void observe(Trace... traces) {
    node.detector().observe(List.of(traces));
  }

  private Instant at(int seconds) {
    return t0.plusSeconds(seconds);
  }

  @Test
  void denyBurstOpensAtTheFifthDenyInTheWindowNotTheFourth() {
    for (int i = 0; i < 4; i++) {
      observe(deny("default", "bot", "HIGH", at(i)));
    }
    assertThat(incidents()).as("four DENYs are below the threshold").isEmpty();
    observe(deny("default", "bot", "HIGH", at(10)));
    List<Incident> open = incidents();
    assertThat(open).hasSize(1);
    Incident i = open.get(0);
    assertThat(i.trigger()).isEqualTo("deny_burst");
    assertThat(i.severity()).isEqualTo("HIGH");
    assertThat(i.status()).isEqualTo("open");
    assertThat(i.traceCount()).isEqualTo(5);
    assertThat(i.title()).contains("bot");

    observe(deny("default", "bot", "HIGH", at(20)), deny("default", "bot", "HIGH", at(21)));
    assertThat(incidents()).as("correlated, not duplicated").hasSize(1);
    IncidentDetail d = store().detail(store().find(i.id()).orElseThrow());
    assertThat(d.timeline()).hasSize(7);
    assertThat(d.timeline()).extracting(IncidentDetail.TimelineEntry::time).isSorted();
  }

  @Test
  void denysOutsideTheWindowDoNotCount() {
    for (int i = 0; i < 4; i++) {
      observe(deny("default", "bot", "HIGH", at(i)));
    }
    observe(deny("default", "bot", "HIGH", at(3601)));
    assertThat(incidents()).as("the first four are more than 1 h before the fifth").isEmpty();
    observe(deny("default", "other", "HIGH", at(3602)));
    assertThat(incidents()).as("another agent's DENY counts for that agent").isEmpty();
  }

  @Test
  void aCriticalDenyOpensAtOnceAndAHighOneDoesNot() {
    observe(deny("default", "bot", "HIGH", at(0)));
    assertThat(incidents()).isEmpty();
    observe(deny("default", "bot", "CRITICAL", at(1)));
    assertThat(incidents()).extracting(Incident::trigger).containsExactly("critical_deny");
    assertThat(incidents().get(0).severity()).isEqualTo("CRITICAL");
  }

  @Test
  void threatIntelReadThenWriteAndEphemeralScopeOpenOnTheFirstEvent() {
    observe(denyFor("default", "a", "THREAT_INTEL_MATCH", at(0)),
        denyFor("default", "b", "READ_THEN_WRITE_EXFIL", at(0)),
        denyFor("default", "c", "EPHEMERAL_SCOPE_VIOLATION", at(0)),
        denyFor("default", "d", "SECRET_DETECTED", at(0)));
    assertThat(incidents()).extracting(Incident::agent, Incident::trigger).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("a", "threat_intel"),
        org.assertj.core.groups.Tuple.tuple("b", "read_then_write"),
        org.assertj.core.groups.Tuple.tuple("c", "ephemeral_scope"));
  }

  @Test
  void thresholdsComeFromTheConfigurationAndTriggersCanBeDisabled() throws Exception {
    IncidentConfig config = IncidentConfig.parse(new ObjectMapper().readTree(
        "{\"triggers\": {\"deny_burst\": {\"threshold\": 3, \"window\": \"10m\", \"severity\": \"medium\"},"
            + " \"threat_intel\": {\"enabled\": false}}}"));
    node = node(config, trust, Runnable::run);
    observe(denyFor("default", "bot", "THREAT_INTEL_MATCH", at(0)), deny("default", "bot", "HIGH", at(1)));
    assertThat(incidents()).as("threat_intel is off; two DENYs are below 3").isEmpty();
    observe(deny("default", "bot", "HIGH", at(2)));
    assertThat(incidents()).extracting(Incident::trigger, Incident::severity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("deny_burst", "MEDIUM"));
  }

  @Test
  void trustDropOpensWhenTrustFellByMoreThanTheThreshold() {
    observe(allowWithTrust("default", "bot", 0.8, at(0)));
    observe(allowWithTrust("default", "bot", 0.8, at(1)), allowWithTrust("default", "bot", 0.5, at(2)));
    assertThat(incidents()).as("a drop of exactly 0.3 is not more than 0.3").isEmpty();
    observe(allowWithTrust("default", "bot", 0.49, at(3)));
    List<Incident> open = incidents();
    assertThat(open).extracting(Incident::trigger).containsExactly("trust_drop");
    assertThat(open.get(0).traceCount()).as("the highest sample and the latest").isEqualTo(2);

    observe(allowWithTrust("default", "bot", 0.6, at(4)));
    assertThat(store().find(open.get(0).id()).orElseThrow().traceCount()).as("a rise is no further drop")
        .isEqualTo(2);
    observe(allowWithTrust("default", "bot", 0.3, at(5)));
    assertThat(store().find(open.get(0).id()).orElseThrow().traceCount()).isEqualTo(3);
    assertThat(incidents()).hasSize(1);
  }

  @Test
  void openingRunsTheAutoActionsAndRecordsThem() throws Exception {
    double before = trust.trust("default", "bot", Instant.now());
    observe(deny("default", "bot", "CRITICAL", at(0)));
    Incident i = incidents().get(0);
    IncidentDetail d = store().detail(i);
    assertThat(d.actions()).extracting(IncidentDetail.ActionRecord::kind)
        .containsExactly("lower_trust", "pin_scrutiny", "alert");
    assertThat(d.actions()).allMatch(a -> a.outcome().equals("ok") && a.actor().equals("system"));
    assertThat(trust.trust("default", "bot", Instant.now())).isLessThan(before);
    assertThat(trust.pinned("default", "bot", Instant.now())).isEqualTo(2.0);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT multiplier, incident_id FROM scrutiny_pins WHERE agent = 'bot'")) {
      assertThat(rs.next()).as("the pin is stored for the other nodes").isTrue();
      assertThat(rs.getDouble(1)).isEqualTo(2.0);
      assertThat(rs.getString(2)).isEqualTo(i.id());
    }
    assertThat(published).hasSize(1);
    IncidentAlert alert = (IncidentAlert) published.get(0);
    assertThat(alert.change()).isEqualTo("opened");
    assertThat(alert.incidentId()).isEqualTo(i.id());
    assertThat(alert.traceIds()).hasSize(1);

    // The trust event is stored like any other (the history accepts the incident kind).
    store.environments().create(dev.airlock.admin.store.Environment.of("default", "Default"));
    store.agents().create("bot", "default", "custom");
    dev.airlock.admin.store.TrustRepository history = new dev.airlock.admin.store.TrustRepository(db.dataSource());
    history.insert(trust.drain(100), "node-a");
    assertThat(history.after(0, 10)).extracting(r -> r.value().change().event())
        .containsExactly(dev.airlock.proxy.risk.TrustEvent.INCIDENT);

    // Another node loads the pin from the store.
    TrustBook other = new TrustBook(Duration.ofDays(1), Clock.systemUTC());
    Incidents otherNode = node(IncidentConfig.defaults(), other, Runnable::run);
    otherNode.pins().run();
    assertThat(other.pinned("default", "bot", Instant.now())).isEqualTo(2.0);

    // Closed as a false positive: trust back to neutral, the pin gone.
    node.transition(i.id(), "closed", "false_positive", dev.airlock.admin.store.TestAudit.ACTOR);
    assertThat(trust.trust("default", "bot", Instant.now())).isGreaterThanOrEqualTo(TrustBook.NEUTRAL);
    assertThat(trust.pinned("default", "bot", Instant.now())).isZero();
    otherNode.pins().run();
    assertThat(other.pinned("default", "bot", Instant.now())).as("unpinned on the other node too").isZero();
    assertThat(store().detail(store().find(i.id()).orElseThrow()).actions()).extracting(
        IncidentDetail.ActionRecord::kind).contains("restore_trust");
  }

  @Test
  void autoActionsCanBeTurnedOff() throws Exception {
    IncidentConfig config = IncidentConfig.parse(new ObjectMapper().readTree(
        "{\"auto_actions\": {\"lower_trust\": false, \"pin_scrutiny_hours\": 0, \"alert\": false}}"));
    node = node(config, trust, Runnable::run);
    observe(deny("default", "bot", "CRITICAL", at(0)));
    assertThat(store().detail(incidents().get(0)).actions()).isEmpty();
    assertThat(trust.trust("default", "bot", Instant.now())).isEqualTo(TrustBook.NEUTRAL);
    assertThat(published).isEmpty();
  }

  @Test
  void aClosedIncidentsEventsDoNotCountAgain() {
    for (int i = 0; i < 5; i++) {
      observe(deny("default", "bot", "HIGH", at(i)));
    }
    Incident first = incidents().get(0);
    node.transition(first.id(), "closed", "policy_gap", dev.airlock.admin.store.TestAudit.ACTOR);
    observe(deny("default", "bot", "HIGH", at(10)));
    assertThat(incidents()).as("one new DENY after the close is not a burst").hasSize(1);
    for (int i = 0; i < 4; i++) {
      observe(deny("default", "bot", "HIGH", at(20 + i)));
    }
    assertThat(incidents()).hasSize(2);
    assertThat(incidents()).filteredOn(i -> !i.isClosed()).hasSize(1);
  }

  @Test
  void twoNodesSeeingPartsOfABurstTogetherOpenOneIncident() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Incidents a = node(IncidentConfig.defaults(), new TrustBook(Duration.ofDays(1), Clock.systemUTC()),
          Runnable::run);
      Incidents b = node(IncidentConfig.defaults(), new TrustBook(Duration.ofDays(1), Clock.systemUTC()),
          Runnable::run);
      for (int round = 0; round < 8; round++) {
        String agent = "bot-" + round;
        List<Trace> onA = new ArrayList<>();
        List<Trace> onB = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          (i % 2 == 0 ? onA : onB).add(deny("default", agent, "HIGH", at(round * 10 + i)));
        }
        Trace critical = deny("default", agent, "CRITICAL", at(round * 10 + 6));
        Trace critical2 = deny("default", agent, "CRITICAL", at(round * 10 + 7));
        CountDownLatch go = new CountDownLatch(1);
        Future<?> fa = threads.submit(() -> {
          go.await();
          for (Trace t : onA) {
            a.detector().observe(List.of(t));
          }
          a.detector().observe(List.of(critical));
          return null;
        });
        Future<?> fb = threads.submit(() -> {
          go.await();
          b.detector().observe(onB);
          b.detector().observe(List.of(critical2));
          return null;
        });
        go.countDown();
        fa.get();
        fb.get();
        List<Incident> mine = store().list(new IncidentQuery(null, null, null, agent, null, null, null, 100, null))
            .items();
        assertThat(mine).extracting(Incident::trigger).as("round " + round)
            .containsExactlyInAnyOrder("deny_burst", "critical_deny");
        Incident burst = mine.stream().filter(i -> i.trigger().equals("deny_burst")).findFirst().orElseThrow();
        Incident crit = mine.stream().filter(i -> i.trigger().equals("critical_deny")).findFirst().orElseThrow();
        assertThat(crit.traceCount()).isEqualTo(2);
        // Both CRITICAL DENYs are DENYs too: the burst holds the five and whichever came after it opened.
        assertThat(burst.traceCount()).isBetween(5, 7);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aTicketSystemNotConfiguredIsAConflict() {
    observe(deny("default", "bot", "CRITICAL", at(0)));
    Incident i = incidents().get(0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> node.actions().perform(i,
        new IncidentActions.Request("open_ticket", null, "linear", null, 0), dev.airlock.admin.store.TestAudit.ACTOR))
        .isInstanceOfSatisfying(dev.airlock.admin.store.StoreException.class, e -> {
          assertThat(e.kind()).isEqualTo(dev.airlock.admin.store.StoreException.Kind.CONFLICT);
          assertThat(e.code()).isEqualTo("ticket_system_not_configured");
        });
    assertThat(store().detail(i).actions()).extracting(IncidentDetail.ActionRecord::kind)
        .doesNotContain("open_ticket");
  }

  @Test
  void notesAreAppendOnlyInTheDatabase() throws Exception {
    observe(deny("default", "bot", "CRITICAL", at(0)));
    Incident i = incidents().get(0);
    store().addNote(i.id(), "looked at it", dev.airlock.admin.store.TestAudit.ACTOR,
        n -> new dev.airlock.admin.store.AuditChange("incident.note", "incident", i.id(), "default", null, null));
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.executeUpdate("UPDATE incident_notes SET text = 'x'"))
          .hasMessageContaining("append-only");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.executeUpdate("DELETE FROM incident_notes"))
          .hasMessageContaining("append-only");
    }
    assertThat(store().detail(i).notes()).extracting(IncidentDetail.Note::text).containsExactly("looked at it");
  }

  @Test
  void closingNeedsALegalMove() {
    observe(deny("default", "bot", "CRITICAL", at(0)));
    Incident i = incidents().get(0);
    node.transition(i.id(), "investigating", null, dev.airlock.admin.store.TestAudit.ACTOR);
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
        node.transition(i.id(), "open", null, dev.airlock.admin.store.TestAudit.ACTOR))
        .hasMessageContaining("cannot move to open");
    Incident closed = node.transition(i.id(), "closed", "agent_misbehavior", dev.airlock.admin.store.TestAudit.ACTOR);
    assertThat(closed.closedAt()).isNotNull();
    assertThat(closed.resolution()).isEqualTo("agent_misbehavior");
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
        node.transition(i.id(), "investigating", null, dev.airlock.admin.store.TestAudit.ACTOR))
        .hasMessageContaining("it is final");
  }
}
