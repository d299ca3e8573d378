package dev.airlock.proxy.exfil;

import dev.airlock.proxy.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.detect.DetectorSettings;
import dev.airlock.proxy.detect.Detectors;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResponseFingerprinterTest {
  private static final Detectors DETECTORS = new Detectors(DetectorSettings.defaults());
  private static final ResponseOrigin ORIGIN = new ResponseOrigin("default", "bot", "github", "api.github.com");

  private final ReadFingerprints reads = new ReadFingerprints(ReadFingerprints.Settings.defaults(), Clock.systemUTC());
  private final ValueFingerprints fingerprints = ValueFingerprints.random();
  private final ResponseFingerprinter scanner = new ResponseFingerprinter(DETECTORS, reads, fingerprints, 1, 1_000_000);

  @AfterEach
  void close() {
    scanner.close();
  }

  private static void await(String what, BooleanSupplier done) {
    Poll.until(Duration.ofSeconds(10), what, done);
  }

  private static ResponseBody body(int reserved, String... texts) {
    return new ResponseBody() {
      @Override
      public List<String> texts() {
        return List.of(texts);
      }

      @Override
      public int reservedBytes() {
        return reserved;
      }
    };
  }

  @Test
  void valuesFoundInAResponseAreRememberedForItsAgentAndSource() {
    String text = "{\"email\":\"jane.doe@example.org\",\"note\":\"hello\"}";
    assertThat(scanner.reserve(text.length())).isTrue();
    scanner.scan(ORIGIN, body(text.length(), text));
    await("the scan", () -> scanner.scanned() == 1);
    assertThat(scanner.valuesFound()).isEqualTo(1);
    String fp = fingerprints.of(DETECTORS.scan(text).get(0), text);
    assertThat(reads.sources(AgentKeys.of("default", "bot"), fp))
        .containsExactly(new ReadFingerprints.Source("github", "api.github.com"));
    assertThat(scanner.capturedBytes()).isZero();
  }

  @Test
  void reservationsStopAtTheLimit() {
    try (ResponseFingerprinter small = new ResponseFingerprinter(DETECTORS, reads, fingerprints, 1, 1000)) {
      assertThat(small.reserve(600)).isTrue();
      assertThat(small.reserve(600)).isFalse();
      assertThat(small.capturedBytes()).isEqualTo(600);
      small.release(600);
      assertThat(small.reserve(1000)).isTrue();
    }
  }

  @Test
  void whenThePoolIsSaturatedBodiesAreDroppedAndCountedWithoutWaiting() throws Exception {
    CountDownLatch hold = new CountDownLatch(1);
    scanner.scan(ORIGIN, () -> {
      try {
        hold.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return List.of();
    });
    await("the first body to be taken", () -> scanner.scanned() == 0 && queueTaken());
    for (int i = 0; i < ResponseFingerprinter.QUEUE + 3; i++) {
      assertThat(scanner.reserve(1)).isTrue();
      scanner.scan(ORIGIN, body(1, "x"));
    }
    assertThat(scanner.dropped()).isEqualTo(3);
    hold.countDown();
    await("the queue to drain", () -> scanner.scanned() == ResponseFingerprinter.QUEUE + 1);
    assertThat(scanner.capturedBytes()).isZero();
  }

  private static ResponseBody recording(boolean small, List<Thread> seen, String text) {
    return new ResponseBody() {
      @Override
      public List<String> texts() {
        seen.add(Thread.currentThread());
        return List.of(text);
      }

      @Override
      public boolean small() {
        return small;
      }
    };
  }

  @Test
  void aSmallPlainBodyIsScannedOnTheCallingThreadWithoutAHandoff() {
    List<Thread> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    String text = "{\"email\":\"jane.doe@example.org\"}";
    scanner.scan(ORIGIN, recording(true, seen, text));
    // Done before scan() returned: nothing to wait for.
    assertThat(scanner.scanned()).isEqualTo(1);
    assertThat(seen).containsExactly(Thread.currentThread());
    assertThat(scanner.valuesFound()).isEqualTo(1);

    scanner.scan(ORIGIN, recording(false, seen, text));
    await("the pooled scan", () -> scanner.scanned() == 2);
    assertThat(seen).hasSize(2);
    assertThat(seen.get(1)).isNotSameAs(Thread.currentThread());
    assertThat(seen.get(1).getName()).startsWith("airlock-response-scan-");
  }

  @Test
  void aRecurringSmallResponseIsFingerprintedEachTimeItIsRead() {
    String text = "{\"email\":\"jane.doe@example.org\"}";
    for (int i = 0; i < 3; i++) {
      scanner.scan(ORIGIN, recording(true, new java.util.ArrayList<>(), text));
    }
    // Found the first time, remembered after: each read still records the value for its agent.
    assertThat(scanner.valuesFound()).isEqualTo(3);
    String fp = fingerprints.of(DETECTORS.scan(text).get(0), text);
    assertThat(reads.sources(AgentKeys.of("default", "bot"), fp)).isNotEmpty();
    ResponseOrigin other = new ResponseOrigin("default", "other-bot", "github", "api.github.com");
    scanner.scan(other, recording(true, new java.util.ArrayList<>(), text));
    assertThat(reads.sources(AgentKeys.of("default", "other-bot"), fp)).isNotEmpty();
    String clean = "{\"ok\":true}";
    scanner.scan(ORIGIN, recording(true, new java.util.ArrayList<>(), clean));
    scanner.scan(ORIGIN, recording(true, new java.util.ArrayList<>(), clean));
    assertThat(scanner.valuesFound()).isEqualTo(4);
  }

  @Test
  void textsAreSmallUpToTheLimit() {
    assertThat(ResponseBody.ofTexts(List.of("a".repeat(ResponseBody.SMALL_CHARS))).small()).isTrue();
    assertThat(ResponseBody.ofTexts(List.of("a".repeat(ResponseBody.SMALL_CHARS), "b")).small()).isFalse();
  }

  /** The blocking body is on the thread (not in the queue), so the queue has all its room. */
  private boolean queueTaken() {
    return scanner.queued() == 0;
  }
}
