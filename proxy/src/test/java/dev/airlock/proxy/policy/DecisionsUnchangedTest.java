package dev.airlock.proxy.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.normalize.Verb;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Full decisions (action, reasons, rule, severity, score, redactions) for the scenario files, the
 * starter policies and a generated set of body-heavy rules, compared with those recorded from the
 * engine that lower-cased bodies and ran every regex ({@code decisions-recorded.txt}).
 */
class DecisionsUnchangedTest {
  private static final List<String> KEYWORDS = List.of(
      "payroll", "Board Deck", "wire transfer", "STRASSE", "stra\u00dfe", "\u03c3\u03bf\u03c2",
      "caf\u00e9", "kelvin", "ssn", "ticket-", "do not forward");
  private static final List<String> REGEXES = List.of(
      "(?i)\\bwire\\s+\\$?[0-9][0-9,]{3,}", "(?i)\\bssn\\s*[:=]", "\\b[A-Z]{2,6}-[0-9]{3,6}\\b",
      "(?i)\\b(?:begin|end)\\s+export\\b", "(?i)ticket-[0-9]{4,}", "AKIA[0-9A-Z]{16}", "(?i)k\\w+s",
      "pay(roll)?s?", "zz|payroll");
  private static final List<String> WORDS = List.of(
      "the", "quarterly", "Payroll", "PAYROLL", "board", "deck", "Board Deck", "wire", "WIRE $12,345",
      "transfer", "Wire Transfer", "stra\u00dfe", "STRASSE", "\u03a3\u039f\u03a3", "\u03c3\u03bf\u03c3",
      "CAF\u00c9", "\u212aelvin", "\u017f\u017fn", "SSN: 123", "ssn=", "Ticket-12345", "ticket-12",
      "ABC-1234", "AB-12", "AKIAABCDEFGHIJKLMNOP", "kites", "begin  export", "do not forward",
      "\ud83d\ude00", "\u0130", "-", "x", "\"text\":", "\n", "lorem", "ipsum", "dolor", "sit", "amet");

  @Test
  void decisionsAreTheRecordedOnes() {
    String recorded = Testdata.read(Testdata.resource("decisions-recorded.txt"));
    assertThat(render()).isEqualTo(recorded);
  }

  static String render() {
    StringBuilder out = new StringBuilder();
    Testdata.scenarios().forEach(s ->
        PolicyTester.run(s.docs(), s.env(), s.cases())
            .forEach(r -> line(out, s.file() + ": " + r.testCase().name(), r.decision())));
    String starter = Testdata.read(Testdata.resource("starter-cases.yaml"));
    PolicyTester.run(
            StarterPoliciesTest.starterPolicies(), EnvironmentSettings.defaults("production"),
            TestCaseParser.parse(starter, "production"))
        .forEach(r -> line(out, "starter: " + r.testCase().name(), r.decision()));
    generated(out);
    return out.toString();
  }

  private static void generated(StringBuilder out) {
    SplittableRandom random = new SplittableRandom(0xb0d1L);
    PolicyEngine engine = new PolicyEngine();
    engine.install(List.of(EnvironmentSettings.defaults("production")), List.of(document(random)));
    AgentContext ctx = new AgentContext("bot", "production", null);
    for (int n = 0; n < 600; n++) {
      StringBuilder body = new StringBuilder();
      for (int w = random.nextInt(0, 25); w > 0; w--) {
        body.append(WORDS.get(random.nextInt(WORDS.size()))).append(random.nextInt(4) == 0 ? "" : " ");
      }
      String tool = random.nextBoolean() ? "slack" : "jira";
      RequestFacts facts = new RequestFacts(
          tool, "op", Verb.WRITE, "example.com", "POST", "/", body.toString(), List.of(), false, null);
      line(out, "generated " + n, engine.decide(facts, ctx));
    }
  }

  /** Rules whose only conditions are on the body, so the body alone decides which one matches. */
  private static PolicyDocument document(SplittableRandom random) {
    StringBuilder yaml = new StringBuilder("name: bodies\nrules:\n");
    for (int i = 0; i < 40; i++) {
      String tool = random.nextBoolean() ? "slack" : "jira";
      String condition = switch (random.nextInt(3)) {
        case 0 -> "body_contains_any: [" + quoted(pick(random, KEYWORDS)) + ", " + quoted(pick(random, KEYWORDS)) + "]";
        case 1 -> "body_contains_all: [" + quoted(pick(random, KEYWORDS)) + ", " + quoted(pick(random, KEYWORDS)) + "]";
        default -> "body_matches: [" + quoted(pick(random, REGEXES)) + "]";
      };
      yaml.append("  - {id: r").append(i).append(", match: {tool_name: ").append(tool)
          .append("}, condition: {").append(condition).append("}, action: DENY, priority: ")
          .append(random.nextInt(1, 5) * 10).append("}\n");
    }
    return PolicyParser.parse(yaml.toString());
  }

  private static String pick(SplittableRandom random, List<String> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static void line(StringBuilder out, String name, Decision d) {
    List<String> redact = new ArrayList<>(new TreeSet<>(d.redactClasses().stream().map(Enum::name).toList()));
    out.append(name.replace('\n', ' ')).append(" | ").append(d.action()).append(" | ").append(d.reasons())
        .append(" | ").append(d.ruleRef()).append(" | ").append(d.severity()).append(" | ")
        .append(d.riskScore()).append(" | ").append(redact).append('\n');
  }
}
