package dev.airlock.proxy.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.proxy.inspect.Inspection;
import dev.airlock.proxy.normalize.Verb;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.Observations;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BurstTest {
  private static final Inspection READ = NewDestinationsTest.inspection(Verb.READ, "slack", "slack.com");
  private static final long T0 = Instant.parse("2026-06-10T10:00:00Z").getEpochSecond();

  private static boolean send(Burst burst, AgentContext agent, long second) {
    return burst.observe(Observations.NONE.withTime(Instant.ofEpochSecond(second)), NewDestinationsTest.REQUEST, READ,
        agent).burst();
  }

  @Test
  void anAgentAboveTheThresholdWithinAMinuteBursts() {
    Burst burst = new Burst(10);
    for (int i = 0; i < 10; i++) {
      assertThat(send(burst, NewDestinationsTest.BOT, T0 + i)).as("request %d", i + 1).isFalse();
    }
    assertThat(send(burst, NewDestinationsTest.BOT, T0 + 30)).as("the 11th within a minute").isTrue();
    assertThat(send(burst, NewDestinationsTest.OTHER, T0 + 30)).as("another agent").isFalse();
  }

  @Test
  void requestsOlderThanAMinuteNoLongerCount() {
    Burst burst = new Burst(5);
    for (int i = 0; i < 5; i++) {
      send(burst, NewDestinationsTest.BOT, T0);
    }
    assertThat(send(burst, NewDestinationsTest.BOT, T0 + 59)).isTrue();
    // At T0 + 60 the five of T0 have left the window; the one of T0 + 59 and this one remain.
    assertThat(send(burst, NewDestinationsTest.BOT, T0 + 60)).isFalse();
    assertThat(send(burst, NewDestinationsTest.BOT, T0 + 500)).as("after a long pause").isFalse();
  }

  @Test
  void zeroTurnsTheSignalOff() {
    Burst burst = new Burst(0);
    for (int i = 0; i < 1000; i++) {
      assertThat(send(burst, NewDestinationsTest.BOT, T0)).isFalse();
    }
    assertThatThrownBy(() -> new Burst(-1)).hasMessageContaining("expected: >= 0");
  }

  @Test
  void theWindowCountsTheRequestsOfTheLastSixtySeconds() {
    Burst.Window w = new Burst.Window();
    assertThat(w.count(100)).isEqualTo(1);
    assertThat(w.count(100)).isEqualTo(2);
    assertThat(w.count(130)).isEqualTo(3);
    assertThat(w.count(159)).isEqualTo(4);
    assertThat(w.count(160)).as("the two of second 100 expired").isEqualTo(3);
    assertThat(w.count(150)).as("late by ten seconds: counted now").isEqualTo(4);
    assertThat(w.count(300)).isEqualTo(1);
  }
}
