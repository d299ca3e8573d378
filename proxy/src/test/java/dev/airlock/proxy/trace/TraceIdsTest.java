package dev.airlock.proxy.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
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
