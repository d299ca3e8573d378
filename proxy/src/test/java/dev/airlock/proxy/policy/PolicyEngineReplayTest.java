package dev.airlock.proxy.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.detect.DataClass;
import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.normalize.Verb;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Replaying requests known only in part: what is certain, and what depends on missing facts. */
class PolicyEngineReplayTest {
  private static final AgentContext BOT = new AgentContext("bot", "dev", "langchain");
  private static final Set<MissingFact> NO_BODY = EnumSet.of(MissingFact.BODY);

  private static PolicyEngine engine(String yaml) {
    PolicyEngine engine = new PolicyEngine();
    engine.install(List.of(EnvironmentSettings.defaults("dev")), List.of(PolicyParser.parse(yaml)));
    return engine;
  }

  private static RequestFacts post(String tool, List<Finding> findings) {
    return new RequestFacts(tool, "post_message", Verb.WRITE, tool + ".com", "POST", "/api/x", "", findings,
        false, null);
  }

  @Test
  void aBodyRuleAheadOfTheDecidingRuleMakesTheReplayIncomplete() {
    PolicyEngine engine = engine("""
        name: p
        rules:
          - {id: words, match: {tool_name: slack}, condition: {body_contains_any: [secret]}, action: DENY, priority: 1}
          - {id: all-slack, match: {tool_name: slack}, action: REQUIRE_APPROVAL, priority: 5}
        """);
    Replay r = engine.replay(post("slack", List.of()), BOT, NO_BODY);
    assertThat(r.decision().action()).isEqualTo(Action.REQUIRE_APPROVAL);
    assertThat(r.decision().ruleRef()).isEqualTo("p/all-slack");
    assertThat(r.undecided()).containsExactly(MissingFact.BODY);
    assertThat(r.complete()).isFalse();

    // A tool the body rule does not match: its condition never comes into question.
    Replay other = engine.replay(post("jira", List.of()), BOT, NO_BODY);
    assertThat(other.complete()).isTrue();
    assertThat(other.decision().reasons()).containsExactly("DEFAULT_ACTION");
  }

  @Test
  void aBodyRuleAfterTheDecidingRuleDoesNotMatter() {
    PolicyEngine engine = engine("""
        name: p
        rules:
          - {id: first, match: {tool_name: slack}, action: ALLOW, priority: 1}
          - {id: words, match: {tool_name: slack}, condition: {body_matches: ['a+b']}, action: DENY, priority: 9}
        """);
    Replay r = engine.replay(post("slack", List.of()), BOT, NO_BODY);
    assertThat(r.complete()).isTrue();
    assertThat(r.decision().ruleRef()).isEqualTo("p/first");
  }

  @Test
  void knownPartsOfAnUndecidableRuleStillRuleItOut() {
    PolicyEngine engine = engine("""
        name: p
        rules:
          - id: secrets-in-body
            match: {tool_name: slack}
            condition: {data_class_any: [SECRETS], body_contains_any: [x]}
            action: DENY
        """);
    assertThat(engine.replay(post("slack", List.of()), BOT, NO_BODY).complete()).isTrue();
    Finding key = new Finding(DataClass.SECRETS, "SECRETS.aws_access_key", 0, 0);
    Replay withKey = engine.replay(post("slack", List.of(key)), BOT, NO_BODY);
    assertThat(withKey.complete()).isFalse();
    assertThat(withKey.decision().action()).isEqualTo(Action.ALLOW);
  }

  @Test
  void eachMissingFactIsNamedByTheRulesThatReadIt() {
    PolicyEngine engine = engine("""
        name: p
        rules:
          - {id: ext, match: {tool_name: slack}, condition: {external_principal: true}, action: DENY, priority: 1}
          - {id: push, match: {tool_name: slack}, condition: {force_push: true}, action: DENY, priority: 2}
          - {id: rt, match: {tool_name: slack, runtime_type: crewai}, action: DENY, priority: 3}
          - {id: path, match: {tool_name: slack, path: /api/*}, action: DENY, priority: 4}
        """);
    Set<MissingFact> all = EnumSet.allOf(MissingFact.class);
    Replay r = engine.replay(post("slack", List.of()), BOT, all);
    assertThat(r.undecided()).containsExactlyInAnyOrder(MissingFact.EXTERNAL_PRINCIPAL, MissingFact.GIT_PUSH,
        MissingFact.RUNTIME_TYPE, MissingFact.PATH);
    assertThat(r.decision().reasons()).containsExactly("DEFAULT_ACTION");

    // What is known is used: the runtime type and the path decide exactly when they are not missing.
    Replay known = engine.replay(post("slack", List.of()), BOT,
        EnumSet.of(MissingFact.EXTERNAL_PRINCIPAL, MissingFact.GIT_PUSH));
    assertThat(known.decision().ruleRef()).isEqualTo("p/path");
    assertThat(known.undecided()).containsExactlyInAnyOrder(MissingFact.EXTERNAL_PRINCIPAL, MissingFact.GIT_PUSH);
  }

  @Test
  void withNothingMissingAReplayIsTheDecision() {
    PolicyEngine engine = engine("""
        name: p
        rules: [{id: words, match: {tool_name: slack}, condition: {body_contains_any: [secret]}, action: DENY}]
        """);
    RequestFacts facts = new RequestFacts("slack", "post_message", Verb.WRITE, "slack.com", "POST", "/", "a secret",
        List.of(), false, null);
    Replay r = engine.replay(facts, BOT, Set.of());
    assertThat(r.complete()).isTrue();
    assertThat(r.decision()).isEqualTo(engine.decide(facts, BOT));
    assertThat(r.decision().action()).isEqualTo(Action.DENY);
  }
}
