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
}
