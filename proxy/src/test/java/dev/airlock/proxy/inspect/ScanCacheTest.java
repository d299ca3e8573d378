package dev.airlock.proxy.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.detect.DetectorSettings;
import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.detect.Finding;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Remembered findings are the findings a scan of the text alone gives, however texts are batched. */
class ScanCacheTest {
  private static final List<String> TEXTS = List.of(
      "authorization: Bearer ghp_0123456789abcdefghijABCDEFGHIJ012345",
      "user-agent: OpenAI/JS 4.104.0",
      "x-note: mail bob@example.org or call +1 415 555 0100",
      "api.example.net/v1/keys/AKIAIOSFODNN7EXAMPLE/rotate",
      "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "cookie: session=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0"
          + ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
      "accept: application/json",
      "");

  private final Detectors detectors = new Detectors(DetectorSettings.defaults());

  @Test
  void findingsMatchAScanOfEachTextAloneInAnyBatchAndOrder() {
    ScanCache cache = new ScanCache(detectors, 100);
    Random random = new Random(7);
    for (int round = 0; round < 20; round++) {
      List<String> batch = new ArrayList<>(TEXTS);
      Collections.shuffle(batch, random);
      batch = batch.subList(0, 1 + random.nextInt(batch.size()));
      List<List<Finding>> found = cache.scan(batch);
      for (int i = 0; i < batch.size(); i++) {
        assertThat(found.get(i)).as(batch.get(i)).isEqualTo(detectors.scan(batch.get(i)));
      }
    }
  }

  @Test
  void theTextOfAFindingIsNeverHeldOnlyCleanTextIs() {
    ScanCache cache = new ScanCache(detectors, 100);
    cache.scan(TEXTS);
    cache.scan(TEXTS);
    for (String text : TEXTS) {
      assertThat(cache.holdsText(text)).as(text).isEqualTo(detectors.scan(text).isEmpty());
    }
    assertThat(cache.holdsText(TEXTS.get(0))).isFalse();
  }

  @Test
  void longTextsAreScannedEveryTimeAndNotHeld() {
    ScanCache cache = new ScanCache(detectors, 100);
    String longText = "x-blob: " + "a".repeat(ScanCache.MAX_TEXT) + " AKIAIOSFODNN7EXAMPLE";
    String longClean = "x-blob: " + "b".repeat(ScanCache.MAX_TEXT);
    assertThat(cache.scan(List.of(longText, longClean)).get(0)).isEqualTo(detectors.scan(longText));
    assertThat(cache.holdsText(longClean)).isFalse();
  }
}
