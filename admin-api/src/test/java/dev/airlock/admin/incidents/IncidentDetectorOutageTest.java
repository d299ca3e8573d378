package dev.airlock.admin.incidents;

import static dev.airlock.admin.incidents.IncidentTraces.deny;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.admin.alerts.AlertSink;
import dev.airlock.admin.store.Poll;
import dev.airlock.admin.store.StoreTestBase;
import dev.airlock.admin.store.SwitchableDataSource;
import dev.airlock.proxy.risk.TrustBook;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The detector while the database is down: events are held and counted once it is back, never lost silently. */
class IncidentDetectorOutageTest extends StoreTestBase {
  private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);
  private SwitchableDataSource ds;

  IncidentDetectorOutageTest() {
    super(Seed.EMPTY);
  }

  @BeforeEach
  void clean() {
    ds = new SwitchableDataSource(db.dataSource());
  }

  private IncidentDetector detector(Executor executor, int capacity) {
    Clock clock = Clock.systemUTC();
    TrustBook trust = new TrustBook(Duration.ofDays(1), clock);
    return new IncidentDetector(new LiveRules(IncidentConfig.defaults().rules(), new StoredRules(ds, store.audit())),
        new SignalCorrelator(ds, store.audit(), clock),
        new AutoResponder(new IncidentRepository(ds, store.audit()), trust, new ScrutinyPins(ds, trust, clock),
            AlertSink.NONE, clock),
        executor, capacity, Duration.ofMillis(100));
  }

  private List<Incident> incidents() {
    return new IncidentRepository(db.dataSource(), store.audit())
        .list(new IncidentQuery(null, null, null, null, null, null, null, 100, null)).items();
  }

  @Test
  void eventsSeenWhileTheDatabaseIsDownOpenTheirIncidentsOnceItIsBack() throws InterruptedException {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      IncidentDetector detector = detector(executor, 1000);
      ds.down.set(true);
      detector.observe(List.of(deny("default", "critical-bot", "CRITICAL", t0)));
      for (int i = 0; i < 5; i++) {
        detector.observe(List.of(deny("default", "burst-bot", "HIGH", t0.plusSeconds(i))));
      }
      Poll.until(Duration.ofSeconds(5), "the backlog taken for a first attempt", () -> detector.queued() == 0);
      assertThat(incidents()).isEmpty();
      assertThat(detector.dropped()).isZero();

      ds.down.set(false);
      Poll.until(Duration.ofSeconds(10), "both incidents opened", () -> incidents().size() == 2);
      List<String> triggers = new ArrayList<>();
      incidents().forEach(i -> triggers.add(i.agent() + ":" + i.trigger()));
      assertThat(triggers).containsExactlyInAnyOrder("critical-bot:critical_deny", "burst-bot:deny_burst");
      Incident burst = incidents().stream().filter(i -> i.agent().equals("burst-bot")).findFirst().orElseThrow();
      assertThat(burst.traceCount()).as("each held event counted once").isEqualTo(5);
      assertThat(detector.dropped()).isZero();
    } finally {
      // The auto-actions of the last incident may still be running: let them finish before the next test.
      executor.shutdown();
      assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aFullBacklogDropsAndCountsTheOverflowAndKeepsTheRest() {
    List<Runnable> pending = new ArrayList<>();
    IncidentDetector detector = detector(pending::add, 6);
    // A CRITICAL DENY is two trigger events (critical_deny, deny_burst): three traces fill the backlog.
    for (int i = 0; i < 5; i++) {
      detector.observe(List.of(deny("default", "bot-" + i, "CRITICAL", t0.plusSeconds(i))));
    }
    assertThat(detector.queued()).isEqualTo(6);
    assertThat(detector.dropped()).isEqualTo(4);
    assertThat(pending).as("one drain at a time").hasSize(1);

    pending.remove(0).run();
    assertThat(incidents()).extracting(Incident::agent).containsExactlyInAnyOrder("bot-0", "bot-1", "bot-2");
    assertThat(detector.queued()).isZero();
  }
}
