package dev.airlock.proxy.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.proxy.detect.DataClass;
import dev.airlock.proxy.normalize.ForcePush;
import dev.airlock.proxy.normalize.RefUpdate;
import dev.airlock.proxy.normalize.Verb;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestCaseParserTest {

  @Test
  void readsTheDocumentedJsonFormat() {
    List<TestCase> cases = TestCaseParser.parse("""
        {"cases": [{"name": "force push", "agent": "a", "env": "production",
          "facts": {"tool": "github", "operation": "git_push", "host": "github.com", "method": "POST",
                    "path": "/o/r.git/git-receive-pack", "body": "pack",
                    "findings": [{"detector": "SECRETS.aws_access_key", "start": 3, "end": 23}],
                    "external_principal": false,
                    "git_push": [{"ref": "refs/heads/main",
                                  "old": "1111111111111111111111111111111111111111",
                                  "new": "0000000000000000000000000000000000000000",
                                  "force_push": "true"}]},
          "expect": {"action": "DENY", "rule": "block-force-push-prod/no-force-push"}}]}
        """);
    TestCase c = cases.get(0);
    assertThat(c.name()).isEqualTo("force push");
    assertThat(c.context()).isEqualTo(new AgentContext("a", "production", "custom"));
    assertThat(c.facts().verb()).isEqualTo(Verb.WRITE);
    assertThat(c.facts().findings().get(0).dataClass()).isEqualTo(DataClass.SECRETS);
    assertThat(c.facts().findings().get(0).end()).isEqualTo(23);
    RefUpdate update = c.facts().gitPush().refUpdates().get(0);
    assertThat(update.deleted()).isTrue();
    assertThat(update.forcePush()).isEqualTo(ForcePush.TRUE);
    assertThat(c.expect()).isEqualTo(
        new Expectation(Action.DENY, "block-force-push-prod/no-force-push", null, null, null));
  }

  @Test
  void fillsDefaults() {
    TestCase c = TestCaseParser.parse("cases: [{facts: {tool: slack, operation: read}}]", "dev").get(0);
    assertThat(c.name()).isEqualTo("cases[0]");
    assertThat(c.context()).isEqualTo(new AgentContext("test-agent", "dev", "custom"));
    assertThat(c.facts()).isEqualTo(
        new RequestFacts("slack", "read", Verb.READ, "", "GET", "/", "", List.of(), false, null));
    assertThat(c.expect()).isEqualTo(Expectation.NONE);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "cases: []x: 1 | $: invalid YAML",
    "{} | cases: required",
    "cases: [{facts: {tool: a, operation: b}, expected: {}}] | cases[0].expected: unknown field (expected one of: name, agent, env, runtime_type, trust, facts, expect)",
    "cases: [{facts: {tool: a, operation: b}, trust: 2}] | cases[0].trust: 2 (expected: a number from 0 to 1)",
    "cases: [{facts: {tool: a, operation: b, time: monday}}] | cases[0].facts.time: \"monday\" (expected: an ISO-8601 time such as 2026-06-10T10:00:00Z)",
    "cases: [{facts: {tool: a, operation: b, burst: often}}] | cases[0].facts.burst: \"often\" (expected: true or false)",
    "cases: [{name: x}] | cases[0].facts: required",
    "cases: [{facts: {operation: b}}] | cases[0].facts.tool: required",
    "cases: [{facts: {tool: a, operation: b, verb: DELETE}}] | cases[0].facts.verb: \"DELETE\" (expected: READ, WRITE, ADMIN)",
    "cases: [{facts: {tool: a, operation: b, findings: [{detector: aws}]}}] | cases[0].facts.findings[0].detector: \"aws\" (expected: a detector id such as SECRETS.aws_access_key)",
    "cases: [{facts: {tool: a, operation: b, git_push: [{ref: r, old: xyz}]}}] | cases[0].facts.git_push[0].old: \"xyz\" (expected: 40 or 64 hex digits)",
    "cases: [{facts: {tool: a, operation: b, git_push: [{ref: r, force_push: perhaps}]}}] | cases[0].facts.git_push[0].force_push: \"perhaps\" (expected: true, false, \"unknown\")",
    "cases: [{facts: {tool: a, operation: b}, expect: {action: BLOK}}] | cases[0].expect.action: \"BLOK\" (expected: ALLOW, SANITIZE, DENY, REQUIRE_APPROVAL)",
  })
  void rejectsBadCaseFilesWithThePath(String text, String message) {
    assertThatThrownBy(() -> TestCaseParser.parse(text))
        .isInstanceOf(PolicyException.class)
        .message()
        .startsWith(message);
  }

  @Test
  void casesCarryObservationsAndTrustToTheEngine() {
    PolicyDocument doc = PolicyParser.parse("""
        name: p
        rules:
          - {id: fresh, condition: {new_destination: true}, action: REQUIRE_APPROVAL, priority: 1}
          - {id: low, condition: {trust_below: 0.3}, action: DENY, priority: 2}
          - {id: weekend, condition: {time_window: {days: [sat, sun], from: '00:00', to: '24:00'}}, action: DENY,
             priority: 3}
        """);
    List<TestCase> cases = TestCaseParser.parse("""
        cases:
          - {name: first write, facts: {tool: slack, operation: post, verb: WRITE, new_destination: true},
             expect: {rule: p/fresh}}
          - {name: distrusted, trust: 0.1, facts: {tool: slack, operation: post, threat_intel: true, burst: true,
             read_then_write: true}, expect: {rule: p/low}}
          - {name: saturday, facts: {tool: slack, operation: post, time: '2026-06-13T10:00:00Z'},
             expect: {rule: p/weekend}}
          - {name: weekday, facts: {tool: slack, operation: post, time: '2026-06-10T10:00:00Z'},
             expect: {reason: DEFAULT_ACTION}}
        """);
    Observations o = cases.get(1).facts().observations();
    assertThat(o.threatIntel()).isTrue();
    assertThat(o.burst()).isTrue();
    assertThat(o.readThenWrite()).isTrue();
    assertThat(cases.get(1).context().trust()).isEqualTo(0.1);
    List<TestResult> results = PolicyTester.run(List.of(doc), EnvironmentSettings.defaults("default"), cases);
    assertThat(results).allSatisfy(r -> assertThat(r.failures()).as(r.testCase().name()).isEmpty());
  }

  @Test
  void testerReportsMismatches() {
    PolicyDocument doc = PolicyParser.parse("""
        name: p
        rules: [{id: r, match: {tool_name: slack}, action: DENY}]
        """);
    List<TestCase> cases = TestCaseParser.parse("""
        cases:
          - {name: ok, facts: {tool: slack, operation: x}, expect: {action: DENY, rule: p/r, reason: R}}
          - {name: wrong, facts: {tool: jira, operation: x}, expect: {action: DENY, rule: p/r}}
        """, "production");
    List<TestResult> results =
        PolicyTester.run(List.of(doc), EnvironmentSettings.defaults("production"), cases);
    assertThat(results.get(0).passed()).isTrue();
    assertThat(results.get(0).summary()).isEqualTo("PASS ok: DENY p/r [R]");
    assertThat(results.get(1).passed()).isFalse();
    assertThat(results.get(1).failures())
        .containsExactly("action: expected DENY, got ALLOW", "rule: expected p/r, got none");
    assertThat(results.get(1).summary())
        .isEqualTo("FAIL wrong: ALLOW [DEFAULT_ACTION] -- action: expected DENY, got ALLOW;"
            + " rule: expected p/r, got none");
  }
}
