package dev.airlock.proxy.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TraceIdsTest {
  @Test
  void formatIsPrefixThenTimeThenRandomHex() {
    String id = TraceIds.of(0x0123456789abL, new Random(7));
    assertThat(id).matches("trc_[0-9a-f]{32}").startsWith("trc_0123456789ab");
  }

  @Test
  void digitsAreTheTimeThenSixtyFourThenSixteenRandomBits() {
    Random expected = new Random(11);
    String id = TraceIds.of(1_796_590_000_123L, new Random(11));
    HexFormat hex = HexFormat.of();
    assertThat(id).isEqualTo("trc_" + hex.toHexDigits(1_796_590_000_123L).substring(4)
        + hex.toHexDigits(expected.nextLong()) + hex.toHexDigits((short) expected.nextInt()));
  }

  @Test
  void theMillisecondIsReadBackFromAnIdAndAnythingElseIsNoTraceId() {
    assertThat(TraceIds.millisOf(TraceIds.of(1_796_590_000_123L, new Random(3)))).isEqualTo(1_796_590_000_123L);
    assertThat(TraceIds.millisOf(TraceIds.at(0))).isZero();
    String good = TraceIds.of(42, new Random(3));
    assertThat(TraceIds.millisOf(good.toUpperCase(java.util.Locale.ROOT))).isEqualTo(-1);
    assertThat(TraceIds.millisOf("trc_" + "g".repeat(32))).isEqualTo(-1);
    assertThat(TraceIds.millisOf(good.substring(1))).isEqualTo(-1);
    assertThat(TraceIds.millisOf(good + "0")).isEqualTo(-1);
    assertThat(TraceIds.millisOf("apr_" + good.substring(4))).isEqualTo(-1);
    assertThat(TraceIds.millisOf(null)).isEqualTo(-1);
  }

  @Test
  void aTraceTimeIsWholeMicrosecondsWithinTheMillisecondOfItsId() {
    java.time.Instant now = TraceIds.now();
    assertThat(now.getNano() % 1_000).isZero();
    assertThat(TraceIds.millisOf(TraceIds.at(now.toEpochMilli()))).isEqualTo(now.toEpochMilli());
  }

  @Test
  void laterMillisecondsSortAfterEarlierOnesWhateverTheRandomPart() {
    Random r = new Random(1);
    String earlier = TraceIds.of(1_700_000_000_000L, r);
    for (int i = 0; i < 1_000; i++) {
      String later = TraceIds.of(1_700_000_000_001L + i, r);
      assertThat(later).isGreaterThan(earlier);
      earlier = later;
    }
  }

  @Test
  void idsOfTheSameMillisecondDiffer() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      assertThat(seen.add(TraceIds.next())).isTrue();
    }
  }
}
