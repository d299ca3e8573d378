package dev.airlock.proxy.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.KeyScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustBookTest {
  private static final Instant T0 = Instant.parse("2026-06-10T10:00:00Z");

  /** A clock the test moves. */
  private static final class MovingClock extends Clock {
    Instant now = T0;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MovingClock clock = new MovingClock();
  private final TrustBook book = new TrustBook(Duration.ofHours(1), clock);

  @Test
  void agentsStartNeutralAndMoveWithEvents() {
    assertThat(book.trust("prod", "bot", T0)).isEqualTo(0.5);
    assertThat(book.record("prod", "bot", TrustEvent.DENY, "trc_1", null).scoreAfter()).isCloseTo(0.45, offset(1e-9));
    assertThat(book.record("prod", "bot", TrustEvent.THREAT_INTEL, "trc_2", null).scoreAfter())
        .isCloseTo(0.20, offset(1e-9));
    assertThat(book.record("prod", "bot", TrustEvent.APPROVAL_DENIED, null, "apr_1").scoreAfter())
        .isCloseTo(0.10, offset(1e-9));
    assertThat(book.record("prod", "bot", TrustEvent.APPROVAL_GRANTED, null, "apr_2").scoreAfter())
        .isCloseTo(0.15, offset(1e-9));
    assertThat(book.record("prod", "bot", TrustEvent.FALSE_POSITIVE, null, null).scoreAfter()).isEqualTo(0.5);
    assertThat(book.trust("prod", "other", T0)).as("other agents untouched").isEqualTo(0.5);
    assertThat(book.trust("dev", "bot", T0)).as("the same name elsewhere").isEqualTo(0.5);
  }

  @Test
  void scoresStayWithinZeroAndOne() {
    for (int i = 0; i < 10; i++) {
      book.record("prod", "bot", TrustEvent.THREAT_INTEL, null, null);
      book.record("prod", "good", TrustEvent.APPROVAL_GRANTED, null, null);
    }
    assertThat(book.trust("prod", "bot", T0)).isZero();
    assertThat(book.trust("prod", "good", T0)).isCloseTo(1.0, offset(1e-9));
    assertThat(book.record("prod", "good", TrustEvent.FALSE_POSITIVE, null, null).delta()).isZero();
  }

  @Test
  void trustDecaysTowardNeutralWithTheHalfLife() {
    book.record("prod", "bot", TrustEvent.THREAT_INTEL, null, null); // 0.25
    assertThat(book.trust("prod", "bot", T0.plus(Duration.ofHours(1)))).isCloseTo(0.375, offset(1e-9));
    assertThat(book.trust("prod", "bot", T0.plus(Duration.ofHours(2)))).isCloseTo(0.4375, offset(1e-9));
    clock.now = T0.plus(Duration.ofHours(1));
    assertThat(book.record("prod", "bot", TrustEvent.DENY, null, null).scoreAfter()).isCloseTo(0.325, offset(1e-9));
  }

  @Test
  void theAgentContextCarriesTrustAndAPinInForce() {
    AgentContext neutral = new AgentContext("bot", "prod", "custom");
    assertThat(book.of(neutral, T0)).isSameAs(neutral);
    book.record("prod", "bot", TrustEvent.DENY, null, null);
    book.pinScrutiny("prod", "bot", 2.0, T0.plus(Duration.ofHours(4)));
    AgentContext ctx = book.of(new AgentContext("bot", "prod", "langchain", 0.5, 0, KeyScope.UNLIMITED), T0);
    assertThat(ctx.trust()).isCloseTo(0.45, offset(1e-9));
    assertThat(ctx.scrutinyPin()).isEqualTo(2.0);
    assertThat(ctx.runtimeType()).isEqualTo("langchain");
    assertThat(book.of(neutral, T0.plus(Duration.ofHours(5))).scrutinyPin()).as("expired").isZero();
    book.unpin("prod", "bot");
    assertThat(book.pinned("prod", "bot", T0)).isZero();
  }

  @Test
  void consecutiveEventsOfOneKindAreStoredAsOne() {
    book.record("prod", "bot", TrustEvent.DENY, "trc_1", null);
    book.record("prod", "bot", TrustEvent.DENY, "trc_2", null);
    book.record("prod", "bot", TrustEvent.DENY, "trc_3", null);
    book.record("prod", "other", TrustEvent.DENY, "trc_4", null);
    book.record("prod", "bot", TrustEvent.APPROVAL_GRANTED, null, "apr_1");
    List<TrustChange> changes = book.drain(100);
    assertThat(changes).extracting(TrustChange::agent, TrustChange::event, TrustChange::count, TrustChange::traceId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("bot", TrustEvent.DENY, 3, "trc_3"),
            org.assertj.core.groups.Tuple.tuple("other", TrustEvent.DENY, 1, "trc_4"),
            org.assertj.core.groups.Tuple.tuple("bot", TrustEvent.APPROVAL_GRANTED, 1, null));
    assertThat(changes.get(0).delta()).isCloseTo(-0.15, offset(1e-9));
    assertThat(changes.get(0).scoreAfter()).isCloseTo(0.35, offset(1e-9));
    assertThat(book.drain(100)).isEmpty();
  }

  @Test
  void changesFromOtherNodesMoveTheScoreByTheirDelta() {
    TrustBook other = new TrustBook(Duration.ofHours(1), clock);
    other.record("prod", "bot", TrustEvent.DENY, null, null);
    TrustChange remote = other.record("prod", "bot", TrustEvent.THREAT_INTEL, null, null);
    book.record("prod", "bot", TrustEvent.APPROVAL_GRANTED, null, null); // 0.55 here
    book.apply(remote);
    assertThat(book.trust("prod", "bot", T0)).isCloseTo(0.30, offset(1e-9));
    book.load("prod", "fresh", 0.2, T0.minus(Duration.ofHours(1)));
    assertThat(book.trust("prod", "fresh", T0)).isCloseTo(0.35, offset(1e-9));
  }
}
