package dev.airlock.proxy.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.proxy.detect.DataClass;
import dev.airlock.proxy.normalize.ForcePush;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class PolicyParserTest {

  @TestFactory
  Stream<DynamicTest> invalidDocumentsAreRejectedWithTheirPath() {
    JsonNode table = Testdata.tree(Testdata.resource("invalid-documents.yaml"));
    return StreamSupport.stream(table.spliterator(), false)
        .map(row -> DynamicTest.dynamicTest(row.get("name").asText(), () -> {
          PolicyException e =
              catchThrowableOfType(
                  PolicyException.class, () -> PolicyParser.parse(row.get("document").asText()));
          assertThat(e).as("rejected").isNotNull();
          assertThat(e).hasMessage(row.get("error").asText());
          String shownPath = e.path().isEmpty() ? "$" : e.path();
          assertThat(e.getMessage()).startsWith(shownPath + ": ");
        }));
  }

  @Test
  void defaultsAreFilledIn() {
    PolicyDocument doc =
        PolicyParser.parse("{\"name\": \"p\", \"rules\": [{\"id\": \"no-force-push\", \"action\": \"DENY\"}]}");
    PolicyRule rule = doc.rules().get(0);
    assertThat(doc.description()).isEmpty();
    assertThat(doc.envNames()).containsExactly("*");
    assertThat(rule.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(rule.priority()).isEqualTo(100);
    assertThat(rule.reason()).isEqualTo("NO_FORCE_PUSH");
    assertThat(rule.enabled()).isTrue();
    assertThat(rule.match()).isEqualTo(RuleMatch.ANY);
    assertThat(rule.condition()).isEqualTo(RuleCondition.NONE);
    assertThat(rule.redact()).isEmpty();
  }

  @Test
  void yamlAndJsonGiveTheSameDocument() {
    String yaml = """
        # comments are fine in YAML
        name: block-force-push-prod
        description: No force-push from agents in production
        env_names: production
        rules:
          - id: no-force-push
            match: {tool_name: github, operation: git_push}
            condition:
              force_push: true
              ref_matches: [refs/heads/main, "refs/heads/release/*"]
            action: DENY
            severity: HIGH
            priority: 10
            reason: FORCE_PUSH_BLOCKED
        """;
    String json = """
        {"name": "block-force-push-prod",
         "description": "No force-push from agents in production",
         "env_names": ["production"],
         "rules": [{"id": "no-force-push",
           "match": {"tool_name": "github", "operation": "git_push"},
           "condition": {"force_push": true, "ref_matches": ["refs/heads/main", "refs/heads/release/*"]},
           "action": "DENY", "severity": "HIGH", "priority": 10, "reason": "FORCE_PUSH_BLOCKED"}]}
        """;
    PolicyDocument fromYaml = PolicyParser.parse(yaml);
    assertThat(fromYaml).isEqualTo(PolicyParser.parse(json));
    assertThat(fromYaml.envNames()).containsExactly("production");
    assertThat(fromYaml.rules().get(0).condition().forcePush()).containsExactly(ForcePush.TRUE);
  }

  @Test
  void canonicalJsonRoundTripsEveryTestDocument() {
    List<PolicyDocument> docs =
        Stream.concat(
                Testdata.scenarios().flatMap(s -> s.docs().stream()),
                StarterPoliciesTest.starterPolicies().stream())
            .toList();
    assertThat(docs).hasSizeGreaterThan(10);
    for (PolicyDocument doc : docs) {
      String json = doc.toJson();
      PolicyDocument again = PolicyParser.parse(json);
      assertThat(again).as(doc.name()).isEqualTo(doc);
      assertThat(again.toJson()).as(doc.name()).isEqualTo(json);
    }
  }

  @Test
  void canonicalJsonWritesDefaultsAndListsExplicitly() {
    PolicyDocument doc =
        PolicyParser.parse("""
            name: p
            rules:
              - id: r
                action: sanitize
                match: {tool_name: slack}
                condition: {data_class_any: pii, force_push: [unknown, true]}
            """);
    assertThat(doc.toJson())
        .isEqualTo(
            "{\"name\":\"p\",\"description\":\"\",\"env_names\":[\"*\"],\"rules\":[{\"id\":\"r\","
                + "\"enabled\":true,\"priority\":100,\"action\":\"SANITIZE\",\"severity\":\"MEDIUM\","
                + "\"reason\":\"R\",\"match\":{\"tool_name\":[\"slack\"]},"
                + "\"condition\":{\"data_class_any\":[\"PII\"],\"force_push\":[true,\"unknown\"]}}]}");
  }

  @Test
  void redactDefaultsToTheNamedClassesThenToAll() {
    PolicyDocument doc =
        PolicyParser.parse("""
            name: p
            rules:
              - {id: named, action: SANITIZE, condition: {data_class_any: [PII, SECRETS.aws_access_key]}}
              - {id: all, action: SANITIZE}
              - {id: listed, action: SANITIZE, redact: INTERNAL}
            """);
    assertThat(doc.rules().get(0).redactTargets()).containsExactlyInAnyOrder(DataClass.PII, DataClass.SECRETS);
    assertThat(doc.rules().get(1).redactTargets()).isEqualTo(Set.of(DataClass.values()));
    assertThat(doc.rules().get(2).redactTargets()).containsExactly(DataClass.INTERNAL);
  }

  @Test
  void recordsValidateWhenBuiltDirectly() {
    PolicyException e =
        catchThrowableOfType(
            PolicyException.class,
            () -> new PolicyDocument("p", null, null, List.of(
                new PolicyRule("r", null, null, Action.DENY, null, 5, null, null, true),
                new PolicyRule("r", null, null, Action.ALLOW, null, 5, null, null, true))));
    assertThat(e).hasMessage("rules[1].id: \"r\" duplicates rules[0].id");
    assertThat(e.path()).isEqualTo("rules[1].id");
  }
}
