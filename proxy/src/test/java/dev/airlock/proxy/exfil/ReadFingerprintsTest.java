package dev.airlock.proxy.exfil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadFingerprintsTest {
  private static final ReadFingerprints.Source GITHUB = new ReadFingerprints.Source("github", "api.github.com");
  private static final ReadFingerprints.Source SLACK = new ReadFingerprints.Source("slack", "slack.com");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  private ReadFingerprints store(int perAgent, int total) {
    return new ReadFingerprints(new ReadFingerprints.Settings(Duration.ofMinutes(5), perAgent, total), clock);
  }

  @Test
  void aValueIsRememberedWithItsSourceUntilTheWindowEnds() {
    ReadFingerprints reads = store(10, 100);
    reads.record("a", "fp1", GITHUB);
    clock.advance(Duration.ofMinutes(4).plusSeconds(59));
    assertThat(reads.sources("a", "fp1")).containsExactly(GITHUB);
    assertThat(reads.hasReads("a")).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(reads.sources("a", "fp1")).isEmpty();
    assertThat(reads.hasReads("a")).isFalse();
  }

  @Test
  void readingAValueAgainRestartsItsWindowAndAddsTheSource() {
    ReadFingerprints reads = store(10, 100);
    reads.record("a", "fp1", GITHUB);
    clock.advance(Duration.ofMinutes(3));
    reads.record("a", "fp1", SLACK);
    clock.advance(Duration.ofMinutes(3));
    assertThat(reads.sources("a", "fp1")).containsExactly(GITHUB, SLACK);
    assertThat(reads.size()).isEqualTo(1);
  }

  @Test
  void agentsDoNotSeeEachOthersReads() {
    ReadFingerprints reads = store(10, 100);
    reads.record("a", "fp1", GITHUB);
    assertThat(reads.sources("b", "fp1")).isEmpty();
    assertThat(reads.hasReads("b")).isFalse();
  }

  @Test
  void anAgentOverItsBoundLosesItsOldestReadFirst() {
    ReadFingerprints reads = store(3, 100);
    for (int i = 1; i <= 4; i++) {
      reads.record("a", "fp" + i, GITHUB);
      clock.advance(Duration.ofSeconds(1));
    }
    reads.record("b", "other", GITHUB);
    assertThat(reads.sources("a", "fp1")).isEmpty();
    assertThat(reads.sources("a", "fp2")).isNotEmpty();
    assertThat(reads.sources("a", "fp4")).isNotEmpty();
    assertThat(reads.sources("b", "other")).isNotEmpty();
    assertThat(reads.size()).isEqualTo(4);
  }

  @Test
  void theTotalBoundEvictsTheOldestReadOfAnyAgent() {
    ReadFingerprints reads = store(10, 3);
    reads.record("a", "fp1", GITHUB);
    reads.record("b", "fp2", GITHUB);
    reads.record("a", "fp1", SLACK); // read again: now the newest
    reads.record("c", "fp3", GITHUB);
    reads.record("c", "fp4", GITHUB);
    assertThat(reads.size()).isEqualTo(3);
    assertThat(reads.sources("b", "fp2")).isEmpty();
    assertThat(reads.sources("a", "fp1")).isNotEmpty();
    assertThat(reads.hasReads("b")).isFalse();
  }

  @Test
  void expiredReadsAreDroppedAsNewOnesArrive() {
    ReadFingerprints reads = store(10, 100);
    reads.record("a", "fp1", GITHUB);
    reads.record("b", "fp2", GITHUB);
    clock.advance(Duration.ofMinutes(6));
    reads.record("c", "fp3", GITHUB);
    assertThat(reads.size()).isEqualTo(1);
  }

  @Test
  void settingsAreChecked() {
    assertThatThrownBy(() -> new ReadFingerprints.Settings(Duration.ZERO, 1, 1)).hasMessageContaining("window");
    assertThatThrownBy(() -> new ReadFingerprints.Settings(Duration.ofMinutes(1), 0, 1))
        .hasMessageContaining("maxPerAgent");
  }
}
