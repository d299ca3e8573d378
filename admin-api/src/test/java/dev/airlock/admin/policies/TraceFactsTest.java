package dev.airlock.admin.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.policy.MissingFact;
import dev.airlock.proxy.trace.Trace;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a stored trace tells a replay about observations, risk and trust, and what it leaves missing. */
class TraceFactsTest {
  private static final Instant TIME = Instant.parse("2026-06-13T10:00:00Z");

  private static Trace trace(Map<String, Double> signals) {
    return new Trace("trc_1", TIME, "prod", "bot", "key_1", "slack", "post_message", "WRITE", "POST", "slack.com",
        "/api/chat.postMessage", 200, "ALLOW", "ALLOW", List.of("DEFAULT_ACTION"), null, 0.4, "MEDIUM", List.of(),
        List.of(), 0, 10, 5, 3, null, signals);
  }

  @Test
  void aScoredTraceGivesItsObservationsTrustAndRecipientBack() {
    Map<String, Double> signals = new LinkedHashMap<>();
    signals.put("new_destination", 0.3);
    signals.put("sensitive_data_egress", 0.0);
    signals.put("external_principal", 0.3);
    signals.put("write_verb", 0.1);
    signals.put("admin_verb", 0.0);
    signals.put("threat_intel", 0.9);
    signals.put("off_hours", 0.0);
    signals.put("burst", 0.0);
    signals.put("raw_risk", 0.95);
    signals.put("trust", 0.25);
    signals.put("scrutiny_multiplier", 1.0);
    TraceFacts f = TraceFacts.of(trace(signals), Map.of("bot", "langchain")).orElseThrow();
    assertThat(f.missing()).containsExactly(MissingFact.READ_THEN_WRITE);
    assertThat(f.facts().externalPrincipal()).isTrue();
    assertThat(f.facts().observations().newDestination()).isTrue();
    assertThat(f.facts().observations().threatIntel()).isTrue();
    assertThat(f.facts().observations().burst()).isFalse();
    assertThat(f.facts().observations().time()).isEqualTo(TIME);
    assertThat(f.agent().trust()).isEqualTo(0.25);
  }

  @Test
  void anOlderTraceLacksThemAndSoTheRisk() {
    TraceFacts f = TraceFacts.of(trace(Map.of()), Map.of("bot", "langchain")).orElseThrow();
    assertThat(f.missing()).containsExactlyInAnyOrder(MissingFact.READ_THEN_WRITE, MissingFact.EXTERNAL_PRINCIPAL,
        MissingFact.NEW_DESTINATION, MissingFact.THREAT_INTEL, MissingFact.TRUST, MissingFact.RISK);
    assertThat(f.facts().observations().time()).as("a trace always has its time").isEqualTo(TIME);
    assertThat(f.agent().trust()).isEqualTo(0.5);
  }
}
