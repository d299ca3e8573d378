package dev.airlock.proxy.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.proxy.detect.DataClass;
import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.normalize.Verb;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {
  private static final AgentContext PROD = new AgentContext("bot", "production", null);

  private static final PolicyDocument DENY_SLACK =
      PolicyParser.parse("""
          name: deny-slack
          env_names: production
          rules: [{id: r, match: {tool_name: slack}, action: DENY, reason: NO_SLACK}]
          """);
  private static final PolicyDocument ALLOW_JIRA_EVERYWHERE =
      PolicyParser.parse("""
          name: jira
          rules: [{id: r, match: {tool_name: jira}, action: REQUIRE_APPROVAL}]
          """);

  private static RequestFacts facts(String tool) {
    return new RequestFacts(tool, "op", Verb.WRITE, "example.com", "POST", "/", "", List.of(), false, null);
  }

  @Test
  void withoutPoliciesEverythingIsAllowedByDefault() {
    PolicyEngine engine = new PolicyEngine();
    Decision d = engine.decide(facts("slack"), PROD);
    assertThat(d.action()).isEqualTo(Action.ALLOW);
    assertThat(d.reasons()).containsExactly("DEFAULT_ACTION");
    assertThat(d.ruleRef()).isNull();
    assertThat(engine.settings("production")).isEqualTo(EnvironmentSettings.defaults("production"));
  }

  @Test
  void aFailedInstallKeepsThePreviousSnapshot() {
    PolicyEngine engine = new PolicyEngine();
    EnvironmentSettings prod = new EnvironmentSettings("production", EnforcementMode.ALERT, Action.ALLOW);
    engine.install(List.of(prod), List.of(DENY_SLACK));

    PolicyDocument sameNameEverywhere =
        PolicyParser.parse("{\"name\": \"deny-slack\", \"rules\": [{\"id\": \"x\", \"action\": \"ALLOW\"}]}");
    assertThatThrownBy(() -> engine.install(List.of(EnvironmentSettings.defaults("production")),
            List.of(DENY_SLACK, sameNameEverywhere)))
        .isInstanceOf(PolicyException.class)
        .hasMessage("documents[1].env_names: policy \"deny-slack\" already applies to environment"
            + " \"production\" (documents[0])");
    assertThatThrownBy(() -> engine.install(
            List.of(EnvironmentSettings.defaults("dev"), EnvironmentSettings.defaults("dev")), List.of()))
        .isInstanceOf(PolicyException.class)
        .hasMessage("envs[1].slug: \"dev\" duplicates envs[0].slug");

    assertThat(engine.decide(facts("slack"), PROD).ruleRef()).isEqualTo("deny-slack/r");
    assertThat(engine.settings("production")).isEqualTo(prod);
  }

  @Test
  void aSuccessfulInstallReplacesTheWholeSnapshot() {
    PolicyEngine engine = new PolicyEngine();
    engine.install(List.of(EnvironmentSettings.defaults("production")), List.of(DENY_SLACK));
    engine.install(
        List.of(new EnvironmentSettings("production", EnforcementMode.ENFORCE, Action.DENY)),
        List.of(ALLOW_JIRA_EVERYWHERE));
    assertThat(engine.decide(facts("slack"), PROD).reasons()).containsExactly("DEFAULT_ACTION");
    assertThat(engine.decide(facts("slack"), PROD).action()).isEqualTo(Action.DENY);
    assertThat(engine.decide(facts("jira"), PROD).action()).isEqualTo(Action.REQUIRE_APPROVAL);
  }

  @Test
  void sameNameInDisjointEnvironmentsIsFine() {
    PolicyDocument staging =
        PolicyParser.parse("""
            name: deny-slack
            env_names: [staging, dev]
            rules: [{id: r, match: {tool_name: slack}, action: SANITIZE}]
            """);
    PolicyEngine engine = new PolicyEngine();
    engine.install(
        List.of(EnvironmentSettings.defaults("production"), EnvironmentSettings.defaults("dev")),
        List.of(DENY_SLACK, staging));
    assertThat(engine.decide(facts("slack"), PROD).action()).isEqualTo(Action.DENY);
    assertThat(engine.decide(facts("slack"), new AgentContext("bot", "dev", null)).action())
        .isEqualTo(Action.SANITIZE);
  }

  @Test
  void unknownEnvironmentsGetDefaultSettingsAndOnlyRulesForEveryEnvironment() {
    PolicyEngine engine = new PolicyEngine();
    engine.install(
        List.of(new EnvironmentSettings("production", EnforcementMode.ENFORCE, Action.DENY)),
        List.of(DENY_SLACK, ALLOW_JIRA_EVERYWHERE));
    AgentContext nowhere = new AgentContext("bot", "nowhere", null);
    assertThat(engine.settings("nowhere")).isEqualTo(EnvironmentSettings.defaults("nowhere"));
    assertThat(engine.decide(facts("slack"), nowhere).action()).isEqualTo(Action.ALLOW);
    assertThat(engine.decide(facts("jira"), nowhere).ruleRef()).isEqualTo("jira/r");
  }

  @Test
  void enforcementModeIsLeftToTheDataPlane() {
    PolicyEngine engine = new PolicyEngine();
    engine.install(
        List.of(new EnvironmentSettings("production", EnforcementMode.MONITOR, Action.ALLOW)),
        List.of(DENY_SLACK));
    assertThat(engine.decide(facts("slack"), PROD).action()).isEqualTo(Action.DENY);
    assertThat(engine.settings("production").mode()).isEqualTo(EnforcementMode.MONITOR);
  }

  @Test
  void decisionCarriesRiskScoreAndRedactions() {
    PolicyEngine engine = new PolicyEngine();
    engine.install(List.of(), List.of(PolicyParser.parse("""
        name: pii
        rules: [{id: r, action: SANITIZE, severity: LOW, condition: {data_class_any: PII}}]
        """)));
    RequestFacts facts =
        new RequestFacts("slack", "post_message", Verb.WRITE, "slack.com", "POST", "/", "a@b.co",
            List.of(new Finding(DataClass.PII, "PII.email", 0, 6)), true, null);
    Decision d = engine.decide(facts, PROD);
    double expected = 1 - (1 - 0.4) * (1 - 0.3) * (1 - 0.1);
    assertThat(d.riskScore()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(d.severity()).isEqualTo(Severity.HIGH);
    assertThat(d.redactClasses()).containsExactly(DataClass.PII);
    assertThat(d.reasons()).containsExactly("R");
  }

  @Test
  void decisionsDoNotDependOnTheOrderDocumentsAreInstalledIn() {
    List<PolicyDocument> docs = new ArrayList<>(StarterPoliciesTest.starterPolicies());
    List<TestCase> cases = new ArrayList<>();
    Testdata.scenarios().forEach(s -> { docs.addAll(s.docs()); cases.addAll(s.cases()); });
    List<EnvironmentSettings> envs =
        List.of(EnvironmentSettings.defaults("production"), EnvironmentSettings.defaults("staging"));
    List<Decision> reference = decideAll(envs, docs, cases);
    assertThat(reference).hasSizeGreaterThan(50);
    Random random = new Random(42);
    for (int round = 0; round < 5; round++) {
      List<PolicyDocument> shuffled = new ArrayList<>(docs);
      Collections.shuffle(shuffled, random);
      assertThat(decideAll(envs, shuffled, cases)).isEqualTo(reference);
    }
  }

  @Test
  void equalRulesAreOrderedByDocumentNameThenRuleOrder() {
    List<PolicyDocument> docs = new ArrayList<>();
    for (String name : List.of("m", "c", "x", "a")) {
      docs.add(PolicyParser.parse("name: " + name + "\nrules: [{id: one, action: DENY, priority: 7},"
          + " {id: two, action: DENY, priority: 7}]"));
    }
    PolicyEngine engine = new PolicyEngine();
    engine.install(List.of(), docs);
    assertThat(engine.decide(facts("any"), PROD).ruleRef()).isEqualTo("a/one");
  }

  private static List<Decision> decideAll(
      List<EnvironmentSettings> envs, List<PolicyDocument> docs, List<TestCase> cases) {
    PolicyEngine engine = new PolicyEngine();
    engine.install(envs, docs);
    return cases.stream().map(c -> engine.decide(c.facts(), c.context())).toList();
  }

  @Test
  void sanitizeDefaultActionRedactsWhateverWasFound() {
    PolicyEngine engine = new PolicyEngine();
    engine.install(List.of(new EnvironmentSettings("production", EnforcementMode.ENFORCE, Action.SANITIZE)), List.of());
    RequestFacts facts =
        new RequestFacts("slack", "post_message", Verb.WRITE, "slack.com", "POST", "/", "",
            List.of(new Finding(DataClass.INTERNAL, "INTERNAL.marker", 0, 0)), false, null);
    assertThat(engine.decide(facts, PROD).redactClasses()).isEqualTo(Set.of(DataClass.INTERNAL));
  }
}
