package dev.airlock.proxy.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Megabyte bodies finish: every pattern is RE2 (linear time) and the hand-written scanners are
 * single passes. The limits are loose on purpose; throughput is measured by the benchmarks.
 */
class LargeBodyTest {
  private static final int ONE_MIB = 1 << 20;
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private final Detectors detectors = new Detectors(DetectorSettings.defaults());

  @Test
  void ordinaryJsonOfOneMebibyte() {
    String body = ordinaryJson(ONE_MIB);

    List<Finding> findings = assertTimeoutPreemptively(LIMIT, () -> detectors.scan(body));

    assertThat(findings).isEmpty();
  }

  @Test
  void adversarialShapesOfOneMebibyte() {
    List<String> bodies = List.of(
        "-----BEGIN PRIVATE KEY-----" + "A".repeat(ONE_MIB),
        "api_key=" + "a1".repeat(ONE_MIB / 2),
        "4".repeat(ONE_MIB),
        "4111 ".repeat(ONE_MIB / 5),
        "%41".repeat(ONE_MIB / 3),
        "a@".repeat(ONE_MIB / 2),
        "\\u0041".repeat(ONE_MIB / 6),
        "eyJ".repeat(ONE_MIB / 3),
        // shapes that reach the vendor rules' windows and the generic rule's value checks
        "1234567:A".repeat(ONE_MIB / 9),
        "abc1Q~".repeat(ONE_MIB / 6),
        "https://hooks.slack.com/services/".repeat(ONE_MIB / 33),
        "DD_API_KEY=".repeat(ONE_MIB / 11),
        "SK".repeat(ONE_MIB / 2),
        "x.atlasv1.".repeat(ONE_MIB / 10),
        "token=a.a" + "a_a".repeat(ONE_MIB / 3),
        "token=" + "1.1-".repeat(ONE_MIB / 4),
        // anchors of the rules for the rest of gitleaks' vendors: each occurrence reaches a pattern
        "/path".repeat(ONE_MIB / 5),
        " EAAB1234".repeat(ONE_MIB / 9),
        "0-us".repeat(ONE_MIB / 4),
        "a_mmk".repeat(ONE_MIB / 5),
        " sl.".repeat(ONE_MIB / 4),
        " test_".repeat(ONE_MIB / 6),
        "contribsys.com https://".repeat(ONE_MIB / 23),
        "webhook.office.com/webhookb2/".repeat(ONE_MIB / 29),
        "twitter_key=".repeat(ONE_MIB / 12),
        " AAAAAAAAAAAAAAAAAAAAAAAA".repeat(ONE_MIB / 25));

    for (String body : bodies) {
      assertTimeoutPreemptively(LIMIT, () -> detectors.scan(body));
    }
  }

  private static String ordinaryJson(int size) {
    Random random = new Random(42);
    String[] words = {"the", "deploy", "token", "count", "password", "reset", "link", "user", "key", "order",
        "shipped", "review", "merge", "branch", "café", "naïve", "test", "build", "release", "notes"};
    StringBuilder sb = new StringBuilder(size + 512).append('[');
    int id = 0;
    while (sb.length() < size) {
      sb.append("{\"id\":").append(id++)
          .append(",\"uuid\":\"").append(new UUID(random.nextLong(), random.nextLong()))
          .append("\",\"created_at\":\"2026-01-").append(10 + random.nextInt(18)).append("T10:")
          .append(10 + random.nextInt(49)).append(":00Z\",\"amount\":").append(random.nextInt(100000) / 100.0)
          .append(",\"sha\":\"").append(Long.toHexString(random.nextLong())).append(Long.toHexString(random.nextLong()))
          .append("\",\"text\":\"");
      for (int w = 0; w < 20; w++) {
        sb.append(words[random.nextInt(words.length)]).append(w % 7 == 6 ? "\\n" : " ");
      }
      sb.append("\\u00e9\",\"tags\":[\"a\",\"b\"],\"version\":\"1.").append(random.nextInt(20)).append(".0\"},");
    }
    return sb.append("{}]").toString();
  }
}
