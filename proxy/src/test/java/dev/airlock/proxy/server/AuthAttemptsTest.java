package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.spi.AgentIdentity;
import dev.airlock.proxy.spi.StaticAgentDirectory;
import dev.airlock.proxy.trace.Trace;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Authentication failures: counted per source and outcome, traced at most once a window with the count. */
class AuthAttemptsTest {
  private static final Duration WINDOW = Duration.ofMinutes(1);

  private final List<Trace> traces = new CopyOnWriteArrayList<>();
  private final AtomicLong nanos = new AtomicLong();
  private final EmbeddedChannel loop = new EmbeddedChannel();
  private final StaticAgentDirectory agents = new StaticAgentDirectory()
      .add(new AgentIdentity("agt_1", "builder", "key_1", "default", "custom"), "the-real-key");
  private final AuthAttempts attempts = new AuthAttempts(traces::add, agents, WINDOW, nanos::get);

  {
    loop.freezeTime();
  }

  @AfterEach
  void close() {
    loop.finishAndReleaseAll();
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
    loop.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
    loop.runScheduledPendingTasks();
  }

  private void fail(String source, AuthAttempts.Outcome outcome, String agent, String key) {
    attempts.record(outcome, new InetSocketAddress(source, 50_000), agent == null ? null : new ProxyCredentials(agent,
        key), Instant.now(), "CONNECT", "api.example.com", "api.example.com:443", loop.eventLoop());
  }

  private static int count(Trace t) {
    return t.reasons().stream().filter(r -> r.startsWith("ATTEMPTS:")).mapToInt(r -> Integer.parseInt(r.substring(9)))
        .sum();
  }

  @Test
  void aFloodFromOneSourceIsTracedOnceAtOnceAndOnceWithTheCountWhenTheWindowEnds() {
    for (int i = 0; i < 1000; i++) {
      fail("203.0.113.9", AuthAttempts.Outcome.AUTH_FAILED, "intruder", "guess-" + i);
    }
    assertThat(traces).singleElement().satisfies(t -> {
      assertThat(t.decision()).isEqualTo("AUTH_FAILED");
      assertThat(t.enforcedAction()).isEqualTo("AUTH_FAILED");
      assertThat(t.status()).isEqualTo(407);
      assertThat(t.reasons()).containsExactly("AUTH_FAILED", "ATTEMPTS:1", "SOURCE:203.0.113.9");
      assertThat(t.agent()).isEmpty();
    });
    advance(WINDOW.minusSeconds(1));
    assertThat(traces).hasSize(1);
    advance(Duration.ofSeconds(1));
    assertThat(traces).hasSize(2);
    assertThat(traces.get(1).reasons()).containsExactly("AUTH_FAILED", "ATTEMPTS:999", "SOURCE:203.0.113.9");
    assertThat(traces.stream().mapToInt(AuthAttemptsTest::count).sum()).isEqualTo(1000);
    assertThat(traces).allSatisfy(t -> assertThat(t.toString()).doesNotContain("guess-").doesNotContain("intruder"));
  }

  @Test
  void aSteadyFloodIsTracedOncePerWindow() {
    for (int minute = 0; minute < 5; minute++) {
      for (int i = 0; i < 60; i++) {
        fail("203.0.113.9", AuthAttempts.Outcome.AUTH_FAILED, "intruder", "k");
        advance(Duration.ofSeconds(1));
      }
    }
    assertThat(traces.size()).isBetween(5, 6);
    advance(WINDOW);
    assertThat(traces.stream().mapToInt(AuthAttemptsTest::count).sum()).isEqualTo(300);
  }

  @Test
  void aQuietSourceIsForgottenAndTracedAtOnceAgainLater() {
    fail("203.0.113.9", AuthAttempts.Outcome.AUTH_REQUIRED, null, null);
    assertThat(attempts.trackedSources()).isEqualTo(1);
    advance(WINDOW);
    assertThat(traces).hasSize(1);
    assertThat(attempts.trackedSources()).isZero();
    fail("203.0.113.9", AuthAttempts.Outcome.AUTH_REQUIRED, null, null);
    assertThat(traces).hasSize(2);
    assertThat(traces.get(1).reasons()).containsExactly("AUTH_REQUIRED", "ATTEMPTS:1", "SOURCE:203.0.113.9");
    assertThat(traces.get(1).severity()).isEqualTo("LOW");
  }

  @Test
  void sourcesAndOutcomesAreCountedApart() {
    fail("203.0.113.9", AuthAttempts.Outcome.AUTH_REQUIRED, null, null);
    fail("203.0.113.9", AuthAttempts.Outcome.AUTH_FAILED, "x", "y");
    fail("198.51.100.7", AuthAttempts.Outcome.AUTH_FAILED, "x", "y");
    assertThat(traces).extracting(t -> t.decision() + " " + t.reasons().get(2)).containsExactly(
        "AUTH_REQUIRED SOURCE:203.0.113.9", "AUTH_FAILED SOURCE:203.0.113.9", "AUTH_FAILED SOURCE:198.51.100.7");
  }

  @Test
  void onlyTheNameOfAnExistingAgentIsKeptAndNeverTheKey() {
    fail("203.0.113.9", AuthAttempts.Outcome.AUTH_FAILED, "builder", "wrong-key");
    fail("198.51.100.7", AuthAttempts.Outcome.AUTH_FAILED, "sk-live-abc123", "x");
    assertThat(traces.get(0).agent()).isEqualTo("builder");
    assertThat(traces.get(1).agent()).isEmpty();
    assertThat(traces.toString()).doesNotContain("wrong-key").doesNotContain("sk-live-abc123");
  }

  @Test
  void flushTracesWhatWasCountedButNotTracedYet() {
    for (int i = 0; i < 10; i++) {
      fail("203.0.113.9", AuthAttempts.Outcome.AUTH_FAILED, "intruder", "k");
    }
    attempts.flush();
    assertThat(traces.stream().mapToInt(AuthAttemptsTest::count).sum()).isEqualTo(10);
    attempts.flush();
    assertThat(traces).hasSize(2);
  }

  @Test
  void theNumberOfTrackedSourcesIsBounded() {
    for (int i = 0; i < AuthAttempts.MAX_SOURCES + 500; i++) {
      fail("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), AuthAttempts.Outcome.AUTH_FAILED,
          "x", "y");
    }
    assertThat(attempts.trackedSources()).isEqualTo(AuthAttempts.MAX_SOURCES + 1);
    assertThat(traces).hasSize(AuthAttempts.MAX_SOURCES + 1);
    assertThat(traces.get(traces.size() - 1).reasons()).contains("SOURCE:other");
    advance(WINDOW);
    assertThat(traces.stream().mapToInt(AuthAttemptsTest::count).sum()).isEqualTo(AuthAttempts.MAX_SOURCES + 500);
  }
}
