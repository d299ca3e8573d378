package dev.airlock.proxy.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each tool/operation bucket scans for exactly the terms its rules can ask about. */
class RuleBucketTest {
  private static final PolicyDocument DOC = PolicyParser.parse("""
      name: terms
      rules:
        - {id: a, match: {tool_name: slack, operation: post}, condition: {body_contains_any: [Payroll, layoff]}, action: DENY}
        - {id: b, match: {tool_name: slack}, condition: {body_contains_all: [board deck]}, action: DENY}
        - {id: c, match: {tool_name: jira}, condition: {body_matches: ["(?i)secret\\\\s+plan"]}, action: DENY}
        - {id: d, match: {tool_name: github}, condition: {body_contains_any: [ssn]}, action: DENY}
        - {id: e, match: {host: "*.example.com"}, action: DENY}
      """);

  private static final List<String> TERMS = List.of("payroll", "layoff", "board deck", "secret", "plan", "ssn");

  @Test
  void bucketsHoldTheTermsOfTheirRulesOnly() {
    PolicySnapshot snapshot = PolicyCompiler.compile(List.of(EnvironmentSettings.defaults("prod")), List.of(DOC));
    EnvIndex index = snapshot.index("prod");
    String body = "PAYROLL layoff BOARD DECK secret plan ssn";
    assertThat(found(index, "slack", "post", body)).containsExactlyInAnyOrder("payroll", "layoff", "board deck");
    assertThat(found(index, "slack", "read", body)).containsExactly("board deck");
    assertThat(found(index, "jira", "search", body)).containsExactlyInAnyOrder("secret", "plan");
    assertThat(found(index, "github", "push", body)).containsExactly("ssn");
    assertThat(found(index, "notion", "query", body)).isEmpty();
  }

  @Test
  void scannerKindFollowsTheShortestTerm() {
    EnvIndex index = PolicyCompiler.compile(List.of(EnvironmentSettings.defaults("prod")), List.of(DOC)).index("prod");
    assertThat(index.bucketFor("slack", "post").terms()).isInstanceOf(SkipScanner.class);
    assertThat(index.bucketFor("github", "push").terms()).isInstanceOf(TermAutomaton.class);
  }

  private static List<String> found(EnvIndex index, String tool, String operation, String body) {
    long[] bits = index.bucketFor(tool, operation).terms().scan(body);
    // Term ids are numbered in order of first use by the compiled rules, as TERMS lists them.
    return TERMS.stream().filter(t -> {
      int id = TERMS.indexOf(t);
      return id >>> 6 < bits.length && (bits[id >>> 6] & (1L << id)) != 0;
    }).toList();
  }

  @Test
  void eachHostWalksOnlyTheRulesThatAdmitItInEvaluationOrder() {
    PolicyDocument doc = PolicyParser.parse("""
        name: hosts
        rules:
          - {id: paste, priority: 10, match: {host: ["*.pastebin.com", "pastebin.com"]}, action: DENY}
          - {id: any, priority: 20, match: {tool_name: slack}, action: ALLOW}
          - {id: api, priority: 30, match: {host: "api.*"}, action: DENY}
          - {id: exact, priority: 40, match: {host: "API.Slack.com"}, action: DENY}
        """);
    RuleBucket bucket = PolicyCompiler.compile(List.of(EnvironmentSettings.defaults("prod")), List.of(doc))
        .index("prod").bucketFor("slack", "post");

    assertThat(ids(bucket.rulesFor("api.slack.com"))).containsExactly("hosts/any", "hosts/api", "hosts/exact");
    assertThat(ids(bucket.rulesFor("pastebin.com"))).containsExactly("hosts/paste", "hosts/any");
    assertThat(ids(bucket.rulesFor("x.pastebin.com"))).containsExactly("hosts/paste", "hosts/any");
    assertThat(ids(bucket.rulesFor("slack.com"))).containsExactly("hosts/any");
    assertThat(bucket.rulesFor("slack.com")).as("kept for the next decision").isSameAs(bucket.rulesFor("slack.com"));

    for (int i = 0; i < RuleBucket.MAX_HOSTS; i++) {
      bucket.rulesFor("h" + i + ".example.org");
    }
    assertThat(ids(bucket.rulesFor("api.new.example"))).as("past the host limit, still filtered")
        .containsExactly("hosts/any", "hosts/api");
    assertThat(ids(bucket.rulesFor("other.example"))).containsExactly("hosts/any");
  }

  @Test
  void rulesNamingNoHostApplyToEveryHost() {
    RuleBucket bucket = PolicyCompiler.compile(List.of(EnvironmentSettings.defaults("prod")), List.of(DOC))
        .index("prod").bucketFor("slack", "post");
    assertThat(ids(bucket.rulesFor("slack.com"))).containsExactly("terms/a", "terms/b");
    assertThat(ids(bucket.rulesFor("x.example.com"))).containsExactly("terms/a", "terms/b", "terms/e");
  }

  private static List<String> ids(CompiledRule[] rules) {
    return java.util.Arrays.stream(rules).map(CompiledRule::ref).toList();
  }
}
