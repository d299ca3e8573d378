package dev.airlock.proxy.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.airlock.proxy.detect.DetectorSettings;
import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.detect.Redactor;
import dev.airlock.proxy.normalize.ExternalPrincipals;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.ToolCatalog;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.EnforcementMode;
import dev.airlock.proxy.policy.EnvironmentSettings;
import dev.airlock.proxy.policy.PolicyEngine;
import dev.airlock.proxy.policy.PolicyParser;
import dev.airlock.proxy.risk.Burst;
import dev.airlock.proxy.risk.NewDestinations;
import dev.airlock.proxy.risk.TrustBook;
import dev.airlock.proxy.risk.TrustEvent;
import dev.airlock.proxy.server.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The decider with the risk observers and the trust book, as a node wires it. */
class RiskObservingDeciderTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-10T10:00:00Z"), ZoneOffset.UTC);
  private final PolicyEngine engine = new PolicyEngine();
  private final TrustBook trust = new TrustBook(Duration.ofDays(1), CLOCK);
  private final InspectingDecider decider;

  RiskObservingDeciderTest() {
    engine.install(List.of(new EnvironmentSettings("prod", EnforcementMode.ENFORCE, Action.ALLOW, 1.5, 25)),
        List.of(PolicyParser.parse("""
            name: careful
            rules:
              - {id: distrusted, condition: {trust_below: 0.4}, action: DENY, reason: LOW_TRUST, priority: 1}
              - {id: first, condition: {new_destination: true}, action: REQUIRE_APPROVAL, reason: FIRST, priority: 2}
              - {id: risky, condition: {risk_at_least: 0.5}, action: REQUIRE_APPROVAL, reason: RISKY, priority: 3}
            """)));
    decider = new InspectingDecider(
        new RequestInspector(ToolCatalog.load(null), new Detectors(DetectorSettings.defaults()),
            new ExternalPrincipals(Set.of("example.com"), Set.of("acme"))),
        engine, new Redactor(), List.of(new NewDestinations(), new Burst(3)), CLOCK).withStanding(trust);
  }

  private Verdict post() {
    return decider.decide(new InspectedRequest("https", "hooks.example.net", 443, "POST", "/notify", null,
        Map.of("content-type", List.of("application/json")), "{}".getBytes(StandardCharsets.UTF_8), true),
        new AgentContext("bot", "prod", "custom"));
  }

  @Test
  void observationsTrustAndScrutinyReachTheEngine() {
    Verdict first = post();
    assertThat(first.decision().reasons()).containsExactly("FIRST");
    assertThat(first.decision().risk()).containsEntry("new_destination", 0.3).containsEntry("scrutiny_multiplier", 1.5);
    assertThat(first.decision().riskScore()).isCloseTo(0.37 * 1.5, offset(1e-9));

    // Held for approval: not written yet, so still new.
    assertThat(post().decision().reasons()).containsExactly("FIRST");
    assertThat(post().decision().risk()).as("the third request this minute").containsEntry("burst", 0.0);
    // The burst threshold of 3 per minute is passed by the fourth.
    Verdict fourth = post();
    assertThat(fourth.decision().risk()).containsEntry("burst", 0.3);

    trust.record("prod", "bot", TrustEvent.THREAT_INTEL, null, null);
    Verdict distrusted = post();
    assertThat(distrusted.decision().reasons()).containsExactly("LOW_TRUST");
    assertThat(distrusted.decision().risk()).containsEntry("trust", 0.25);
    assertThat(distrusted.enforced()).isEqualTo(Action.DENY);
  }

  @Test
  void aPinnedScrutinyReplacesTheEnvironments() {
    trust.pinScrutiny("prod", "bot", 3.0, CLOCK.instant().plusSeconds(3600));
    Verdict v = post();
    assertThat(v.decision().risk()).containsEntry("scrutiny_multiplier", 3.0);
    assertThat(v.decision().riskScore()).isCloseTo(Math.min(1, 0.37 * 3.0), offset(1e-9));
  }
}
