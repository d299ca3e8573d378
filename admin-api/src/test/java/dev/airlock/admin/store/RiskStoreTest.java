package dev.airlock.admin.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.airlock.proxy.risk.Destination;
import dev.airlock.proxy.risk.NewDestinations;
import dev.airlock.proxy.risk.TrustBook;
import dev.airlock.proxy.risk.TrustChange;
import dev.airlock.proxy.risk.TrustEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Destinations and trust changes learned by one node are stored in batches and reach another node
 * by notification, and a node starting later loads them.
 */
class RiskStoreTest extends StoreTestBase {
  private static final Duration HALF_LIFE = Duration.ofDays(365);
  private final List<AutoCloseable> open = new ArrayList<>();
  private String botId;

  @BeforeEach
  void clean() {
    botId = store.agents().create("bot", "default", "custom").agent().id();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  /** One node's memory and its store. */
  private final class Node {
    final NewDestinations destinations = new NewDestinations();
    final TrustBook trust = new TrustBook(HALF_LIFE, Clock.systemUTC());
    final RiskStore risk = new RiskStore(destinations, trust, new DestinationRepository(db.dataSource()),
        new TrustRepository(db.dataSource()), Duration.ofHours(1));

    Node() {
      open.add(risk);
      risk.load();
    }

    ChangeFeed listen() {
      ChangeFeed feed = new ChangeFeed(db.database()::openDedicated, Duration.ofHours(1))
          .on("agent_destinations", risk::reloadDestinations)
          .on("agent_trust", risk::reloadTrust);
      open.add(feed);
      feed.start();
      return feed;
    }
  }

  private static Destination slack(String agent) {
    return new Destination("default", agent, "slack", "slack.com", Instant.parse("2026-06-10T10:00:00Z"));
  }

  @Test
  void destinationsLearnedOnOneNodeReachTheOtherByNotification() {
    Node a = new Node();
    Node b = new Node();
    b.listen();
    a.destinations.requeue(List.of(slack("bot"), slack("ghost")));
    a.risk.flush();
    Poll.until(Duration.ofSeconds(5), "node b learns the destination",
        () -> b.destinations.knows("default", "bot", "slack", "slack.com"));
    assertThat(b.destinations.knows("default", "ghost", "slack", "slack.com")).as("no such agent").isFalse();
    assertThat(b.destinations.drain(10)).as("learned, not to be stored again").isEmpty();

    // Storing it twice is harmless; a node starting now loads it.
    a.destinations.requeue(List.of(slack("bot")));
    a.risk.flush();
    assertThat(new Node().destinations.knows("default", "bot", "slack", "slack.com")).isTrue();
    assertThat(new DestinationRepository(db.dataSource()).after(0, 100)).hasSize(1);
  }

  @Test
  void trustChangesAreStoredWithTheScoreAndAppliedOnceByTheOtherNode() {
    Node a = new Node();
    Node b = new Node();
    b.listen();
    a.trust.record("default", "bot", TrustEvent.DENY, "trc_1", null);
    a.trust.record("default", "bot", TrustEvent.DENY, "trc_2", null);
    a.trust.record("default", "bot", TrustEvent.APPROVAL_DENIED, null, "apr_1");
    a.risk.flush();
    Poll.until(Duration.ofSeconds(5), "node b applies node a's changes",
        () -> Math.abs(b.trust.trust("default", "bot", Instant.now()) - 0.3) < 1e-3);
    // Resyncs re-read the overlap of recent rows: nothing is applied twice, and a's own rows not at all.
    b.risk.reloadTrust();
    a.risk.reloadTrust();
    assertThat(b.trust.trust("default", "bot", Instant.now())).isCloseTo(0.3, offset(1e-3));
    assertThat(a.trust.trust("default", "bot", Instant.now())).isCloseTo(0.3, offset(1e-3));

    Agent bot = store.agents().find(botId).orElseThrow();
    assertThat(bot.trustScore()).isCloseTo(0.3, offset(1e-9));
    TrustRepository.TrustPage page = store.agents().trust().history(botId, null, null, 10, null);
    assertThat(page.total()).isEqualTo(2);
    assertThat(page.items()).extracting(r -> r.value().change().event()).containsExactly(TrustEvent.APPROVAL_DENIED,
        TrustEvent.DENY);
    TrustChange denies = page.items().get(1).value().change();
    assertThat(denies.count()).isEqualTo(2);
    assertThat(denies.traceId()).isEqualTo("trc_2");
    assertThat(denies.delta()).isCloseTo(-0.1, offset(1e-9));
    assertThat(page.items().get(0).value().change().approvalId()).isEqualTo("apr_1");

    // A node starting now begins from the stored score.
    assertThat(new Node().trust.trust("default", "bot", Instant.now())).isCloseTo(0.3, offset(1e-3));
  }

  @Test
  void theHistoryIsPagedNewestFirst() {
    Node a = new Node();
    for (TrustEvent e : List.of(TrustEvent.DENY, TrustEvent.APPROVAL_GRANTED, TrustEvent.DENY,
        TrustEvent.APPROVAL_GRANTED, TrustEvent.THREAT_INTEL)) {
      a.trust.record("default", "bot", e, null, null);
    }
    a.risk.flush();
    TrustRepository history = store.agents().trust();
    TrustRepository.TrustPage first = history.history(botId, null, null, 2, null);
    assertThat(first.total()).isEqualTo(5);
    assertThat(first.next()).isNotNull();
    TrustRepository.TrustPage second = history.history(botId, null, null, 2, first.next());
    TrustRepository.TrustPage third = history.history(botId, null, null, 2, second.next());
    assertThat(third.next()).isNull();
    List<TrustEvent> all = new ArrayList<>();
    for (TrustRepository.TrustPage p : List.of(first, second, third)) {
      p.items().forEach(r -> all.add(r.value().change().event()));
    }
    assertThat(all).containsExactly(TrustEvent.THREAT_INTEL, TrustEvent.APPROVAL_GRANTED, TrustEvent.DENY,
        TrustEvent.APPROVAL_GRANTED, TrustEvent.DENY);
    assertThat(history.history(botId, Instant.now().plusSeconds(60), null, 10, null).total()).isZero();
  }

  @Test
  void anAgentsRowsGoWithIt() {
    Node a = new Node();
    a.destinations.requeue(List.of(slack("bot")));
    a.trust.record("default", "bot", TrustEvent.DENY, null, null);
    a.risk.flush();
    store.agents().delete(botId, TestAudit.ACTOR, TestAudit.change("agent.delete"));
    assertThat(new DestinationRepository(db.dataSource()).after(0, 10)).isEmpty();
    assertThat(store.agents().trust().history(botId, null, null, 10, null).total()).isZero();
  }
}
