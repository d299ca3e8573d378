package dev.airlock.proxy.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.airlock.proxy.normalize.Verb;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The conditions on observations, risk, trust and time, and the effective risk decisions carry. */
class RiskConditionsTest {
  private static final Instant WEDNESDAY_NOON = Instant.parse("2026-06-10T10:00:00Z");
  private static final Instant SATURDAY_NOON = Instant.parse("2026-06-13T10:00:00Z");

  private static PolicyEngine engine(double scrutiny, String yaml) {
    PolicyEngine engine = new PolicyEngine();
    engine.install(List.of(new EnvironmentSettings("prod", EnforcementMode.ENFORCE, Action.ALLOW, scrutiny, 25)),
        List.of(PolicyParser.parse(yaml)));
    return engine;
  }

  private static PolicyEngine engine(String rule) {
    return engine(1.0, "name: p\nrules:\n  - " + rule + "\n");
  }

  private static AgentContext agent(double trust, double pin) {
    return new AgentContext("bot", "prod", "custom", trust, pin, KeyScope.UNLIMITED);
  }

  private static final AgentContext NEUTRAL = agent(0.5, 0);

  private static RequestFacts write(Observations o) {
    return new RequestFacts("slack", "post_message", Verb.WRITE, "slack.com", "POST", "/api/chat.postMessage", "",
        List.of(), false, null, o);
  }

  private static String reason(PolicyEngine engine, RequestFacts facts, AgentContext agent) {
    return engine.decide(facts, agent).reasons().get(0);
  }

  @Test
  void newDestinationMatchesTheObservation() {
    PolicyEngine e =
        engine("{id: first, condition: {new_destination: true}, action: REQUIRE_APPROVAL, reason: FIRST_WRITE}");
    assertThat(reason(e, write(Observations.NONE.withNewDestination(true)), NEUTRAL)).isEqualTo("FIRST_WRITE");
    assertThat(reason(e, write(Observations.NONE), NEUTRAL)).isEqualTo("DEFAULT_ACTION");
    PolicyEngine known = engine("{id: known, condition: {new_destination: false}, action: DENY, reason: KNOWN}");
    assertThat(reason(known, write(Observations.NONE), NEUTRAL)).isEqualTo("KNOWN");
  }

  @Test
  void threatIntelMatchesAListedDestination() {
    PolicyEngine e = engine("{id: ti, condition: {threat_intel: true}, action: DENY, reason: LISTED}");
    assertThat(reason(e, write(Observations.NONE.withThreatIntelFeed("urlhaus")), NEUTRAL)).isEqualTo("LISTED");
    assertThat(reason(e, write(Observations.NONE), NEUTRAL)).isEqualTo("DEFAULT_ACTION");
  }

  @Test
  void readThenWriteMatchesTheObservation() {
    PolicyEngine e =
        engine("{id: exfil, condition: {read_then_write: true}, action: DENY, reason: READ_THEN_WRITE_EXFIL}");
    assertThat(reason(e, write(Observations.NONE.withReadThenWrite(true)), NEUTRAL))
        .isEqualTo("READ_THEN_WRITE_EXFIL");
    assertThat(reason(e, write(Observations.NONE), NEUTRAL)).isEqualTo("DEFAULT_ACTION");
  }

  @Test
  void trustBelowIsStrict() {
    PolicyEngine e = engine("{id: low, condition: {trust_below: 0.3}, action: DENY, reason: LOW_TRUST}");
    assertThat(reason(e, write(Observations.NONE), agent(0.29, 0))).isEqualTo("LOW_TRUST");
    assertThat(reason(e, write(Observations.NONE), agent(0.3, 0))).isEqualTo("DEFAULT_ACTION");
    assertThat(reason(e, write(Observations.NONE), NEUTRAL)).isEqualTo("DEFAULT_ACTION");
  }

  @Test
  void riskAtLeastReadsTheEffectiveRisk() {
    // A new destination written to: raw risk 1 - 0.9 * 0.7 = 0.37.
    RequestFacts fresh = write(Observations.NONE.withNewDestination(true));
    String rule = "{id: risky, condition: {risk_at_least: 0.5}, action: REQUIRE_APPROVAL, reason: RISKY}";
    assertThat(reason(engine(rule), fresh, NEUTRAL)).isEqualTo("DEFAULT_ACTION");
    // Trust 0.1: 0.37 x 1.4 = 0.518.
    assertThat(reason(engine(rule), fresh, agent(0.1, 0))).isEqualTo("RISKY");
    // Production scrutiny 1.5: 0.37 x 1.5 = 0.555.
    assertThat(reason(engine(1.5, "name: p\nrules:\n  - " + rule + "\n"), fresh, NEUTRAL)).isEqualTo("RISKY");
    // A pinned multiplier wins over the environment's: 0.37 x 1.2 = 0.444.
    assertThat(reason(engine(1.5, "name: p\nrules:\n  - " + rule + "\n"), fresh, agent(0.5, 1.2)))
        .isEqualTo("DEFAULT_ACTION");
  }

  @Test
  void decisionsCarryTheEffectiveRiskAndHowItCameAbout() {
    PolicyEngine e =
        engine(1.5, "name: p\nrules:\n  - {id: r, match: {tool_name: slack}, action: ALLOW, severity: LOW}\n");
    Decision d = e.decide(write(Observations.NONE.withNewDestination(true).withBurst(true)), agent(0.2, 0));
    double raw = 1 - 0.9 * 0.7 * 0.7;
    assertThat(d.riskScore()).isCloseTo(Math.min(1, raw * 1.5 * 1.3), offset(1e-9));
    assertThat(d.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(d.risk().raw()).isCloseTo(raw, offset(1e-9));
    assertThat(d.risk()).containsEntry("new_destination", 0.3).containsEntry("burst", 0.3)
        .containsEntry("write_verb", 0.1).containsEntry("threat_intel", 0.0)
        .containsEntry(RiskSignals.TRUST, 0.2).containsEntry(RiskSignals.SCRUTINY, 1.5);
    assertThat(d.risk().keySet()).containsExactly("new_destination", "sensitive_data_egress", "external_principal",
        "write_verb", "admin_verb", "threat_intel", "off_hours", "burst", "raw_risk", "trust", "scrutiny_multiplier");
    Decision byDefault = engine("{id: never, match: {tool_name: jira}, action: DENY}")
        .decide(write(Observations.NONE), NEUTRAL);
    assertThat(byDefault.risk().get(RiskSignals.RAW_RISK)).isCloseTo(0.1, offset(1e-9));
    assertThat(byDefault.riskScore()).isCloseTo(0.1, offset(1e-9));
  }

  @Test
  void timeWindowHoldsWithinItsHoursOnly() {
    PolicyEngine e = engine(
        "{id: office, condition: {time_window: {days: [mon-fri], from: '08:00', to: '18:00', tz: Europe/Berlin}},"
            + " action: ALLOW, reason: OFFICE}");
    assertThat(reason(e, write(Observations.NONE.withTime(WEDNESDAY_NOON)), NEUTRAL)).isEqualTo("OFFICE");
    assertThat(reason(e, write(Observations.NONE.withTime(SATURDAY_NOON)), NEUTRAL)).isEqualTo("DEFAULT_ACTION");
    assertThat(reason(e, write(Observations.NONE), NEUTRAL)).as("no time known").isEqualTo("DEFAULT_ACTION");
  }

  @Test
  void conditionsWriteBackAsTheyWereRead() {
    PolicyDocument doc = PolicyParser.parse("""
        name: p
        rules:
          - id: r
            action: DENY
            condition:
              new_destination: true
              risk_at_least: 0.6
              trust_below: 0.4
              threat_intel: false
              read_then_write: true
              time_window: {days: [sat, sun], from: '22:00', to: '06:00', tz: Europe/Paris}
        """);
    PolicyDocument again = PolicyParser.parse(PolicyWriter.toJson(doc));
    assertThat(again).isEqualTo(doc);
    RuleCondition c = again.rules().get(0).condition();
    assertThat(c.timeWindow().describe()).isEqualTo("sat,sun 22:00-06:00 Europe/Paris");
    assertThat(c.riskAtLeast()).isEqualTo(0.6);
  }

  @Test
  void aReplayWithoutObservationsLeavesTheirRulesUndecided() {
    PolicyEngine e = engine(1.0, """
        name: p
        rules:
          - {id: fresh, condition: {new_destination: true}, action: DENY, priority: 1}
          - {id: risky, condition: {risk_at_least: 0.9}, action: DENY, priority: 2}
          - {id: low, condition: {trust_below: 0.2}, action: DENY, priority: 3}
          - {id: exfil, condition: {read_then_write: true}, action: DENY, priority: 4}
          - {id: listed, condition: {threat_intel: true}, action: DENY, priority: 5}
          - {id: rest, action: ALLOW, priority: 9}
        """);
    Replay r = e.replay(write(Observations.NONE), NEUTRAL, EnumSet.of(MissingFact.NEW_DESTINATION, MissingFact.RISK,
        MissingFact.TRUST, MissingFact.READ_THEN_WRITE, MissingFact.THREAT_INTEL));
    assertThat(r.decision().ruleRef()).isEqualTo("p/rest");
    assertThat(r.undecided()).containsExactlyInAnyOrder(MissingFact.NEW_DESTINATION, MissingFact.RISK,
        MissingFact.TRUST, MissingFact.READ_THEN_WRITE, MissingFact.THREAT_INTEL);
    // Known facts are used: a known old destination rules the first rule out.
    Replay known = e.replay(write(Observations.NONE), NEUTRAL, EnumSet.of(MissingFact.READ_THEN_WRITE));
    assertThat(known.undecided()).containsExactly(MissingFact.READ_THEN_WRITE);
  }
}
