package dev.airlock.admin.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Changes of policies and environments committed by any session reach a node's reload hooks
 * through NOTIFY, coalesced and off the listener's thread; a periodic resync catches what a
 * notification could miss.
 */
class ChangeFeedTest extends StoreTestBase {
  private static final Duration NOTIFIED = Duration.ofSeconds(1);
  private static final ChangeListener.Settings NO_RESYNC = settings(Duration.ofHours(1));

  private ChangeFeed feed;

  @AfterEach
  void closeFeed() {
    if (feed != null) {
      feed.close();
    }
  }

  @Test
  void policyAndEnvironmentCommitsRunTheirReloadOnTheReloadThread() {
    Counter engine = new Counter();
    Counter other = new Counter();
    feed = new ChangeFeed(db.database()::openDedicated, NO_RESYNC)
        .on("policies", engine).on("environments", engine).on("tools", other);
    feed.start();
    Poll.until(NOTIFIED.multipliedBy(10), "the resync after connecting", () -> engine.runs.get() == 1);
    int toolsAfterResync = other.runs.get();

    store.policies().apply(new ValidatedPolicy("p", "", List.of("*"), "{\"name\":\"p\",\"rules\":[]}", 0));
    Poll.until(NOTIFIED, "a reload after a policy change", () -> engine.runs.get() == 2);
    sql("UPDATE environments SET enforcement_mode = 'monitor' WHERE slug = 'default'");
    Poll.until(NOTIFIED, "a reload after an environment change", () -> engine.runs.get() == 3);
    sql("TRUNCATE policies");
    Poll.until(NOTIFIED, "a reload after policies were emptied", () -> engine.runs.get() == 4);

    assertThat(engine.threads).containsExactly("airlock-reload");
    assertThat(other.runs).as("a kind nobody changed").hasValue(toolsAfterResync);
  }

  @Test
  void aKindAddedLaterNeedsOnlyItsTriggerAndItsReload() throws Exception {
    Counter tools = new Counter();
    feed = new ChangeFeed(db.database()::openDedicated, NO_RESYNC).on("tools", tools);
    feed.start();
    Poll.until(NOTIFIED.multipliedBy(10), "the resync after connecting", () -> tools.runs.get() == 1);

    sql("NOTIFY airlock_changes, 'tools'"); // what a trigger on a tools table sends
    Poll.until(NOTIFIED, "the tools reload", () -> tools.runs.get() == 2);
    sql("NOTIFY airlock_changes, 'a_kind_this_node_does_not_know'");
    sql("NOTIFY airlock_changes, 'tools'");
    Poll.until(NOTIFIED, "the feed to keep going after an unknown kind", () -> tools.runs.get() == 3);
  }

  @Test
  void aBurstOfChangesDuringAReloadCostsOneMoreReloadNotOneEach() throws Exception {
    AtomicReference<CountDownLatch> gate = new AtomicReference<>();
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger lastSeen = new AtomicInteger(-1);
    Runnable reload = () -> {
      runs.incrementAndGet();
      CountDownLatch g = gate.get();
      if (g != null) {
        try {
          g.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      lastSeen.set((int) store.policies().count());
    };
    feed = new ChangeFeed(db.database()::openDedicated, NO_RESYNC).on("policies", reload);
    feed.start();
    Poll.until(NOTIFIED.multipliedBy(10), "the resync after connecting", () -> lastSeen.get() == 0);

    CountDownLatch release = new CountDownLatch(1);
    gate.set(release);
    apply(0);
    Poll.until(NOTIFIED, "the reload that will be held", () -> runs.get() == 2);
    for (int i = 1; i < 50; i++) {
      apply(i); // 49 commits, 49 notifications, while the reload is held
    }
    gate.set(null);
    release.countDown();

    Poll.until(NOTIFIED.multipliedBy(5), "a reload that sees the last change", () -> lastSeen.get() == 50);
    assertThat(runs.get()).as("reloads for 50 changes").isLessThanOrEqualTo(5);
  }

  @Test
  void aPeriodicResyncReloadsWithoutAnyNotification() {
    Counter engine = new Counter();
    feed = new ChangeFeed(db.database()::openDedicated, settings(Duration.ofMillis(200))).on("policies", engine);
    feed.start();
    Poll.until(Duration.ofSeconds(10), "three resyncs", () -> engine.runs.get() >= 3);
  }

  @Test
  void eachKindHasOneReloadRegisteredBeforeTheStart() {
    feed = new ChangeFeed(db.database()::openDedicated, NO_RESYNC).on("policies", new Counter());
    assertThatThrownBy(() -> feed.on("policies", new Counter()))
        .hasMessage("kind: \"policies\" already has a reload");
    assertThatThrownBy(() -> feed.on("Bad Kind", new Counter())).hasMessageStartingWith("kind: \"Bad Kind\" (expected: ");
    feed.start();
    assertThatThrownBy(() -> feed.on("tools", new Counter())).isInstanceOf(IllegalStateException.class);
  }

  private static void apply(int i) {
    store.policies().apply(new ValidatedPolicy("p" + i, "", List.of("*"), "{\"name\":\"p" + i + "\",\"rules\":[]}", 0));
  }

  private static void sql(String statement) {
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ChangeListener.Settings settings(Duration resync) {
    return new ChangeListener.Settings(Duration.ofMillis(100), resync, Duration.ofSeconds(10), Duration.ofMillis(50),
        Duration.ofMillis(500));
  }

  private static final class Counter implements Runnable {
    final AtomicInteger runs = new AtomicInteger();
    final Set<String> threads = ConcurrentHashMap.newKeySet();

    @Override
    public void run() {
      threads.add(Thread.currentThread().getName());
      runs.incrementAndGet();
    }
  }
}
