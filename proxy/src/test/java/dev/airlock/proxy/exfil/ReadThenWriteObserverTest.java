package dev.airlock.proxy.exfil;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.detect.DetectorSettings;
import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.detect.Redactor;
import dev.airlock.proxy.inspect.InspectingDecider;
import dev.airlock.proxy.inspect.RequestInspector;
import dev.airlock.proxy.normalize.ExternalPrincipals;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.ToolCatalog;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.Decision;
import dev.airlock.proxy.policy.PolicyEngine;
import dev.airlock.proxy.server.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The observer inside the decision path: reads remembered per agent, writes elsewhere flagged. */
class ReadThenWriteObserverTest {
  private static final Detectors DETECTORS = new Detectors(DetectorSettings.defaults());
  private static final AgentContext AGENT = new AgentContext("bot", "default", null);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ReadFingerprints reads = new ReadFingerprints(
      new ReadFingerprints.Settings(Duration.ofMinutes(5), 100, 1000), clock);
  private final ValueFingerprints fingerprints = ValueFingerprints.random();
  private final List<String> flagged = new ArrayList<>();
  private final InspectingDecider decider = new InspectingDecider(
      new RequestInspector(ToolCatalog.load(null), DETECTORS, new ExternalPrincipals(Set.of(), Set.of())),
      new PolicyEngine(), new Redactor(),
      List.of(new ReadThenWriteObserver(reads, fingerprints, DETECTORS, this::flag)), clock);

  private void flag(AgentContext agent, ToolCall call, String host, Decision decision) {
    flagged.add(agent.agent() + " " + call.tool() + " " + host);
  }

  /** What a response scan does: every value found in {@code text} remembered as read by the agent. */
  private void read(String agent, String tool, String host, String text) {
    List<Finding> found = DETECTORS.scan(text);
    assertThat(found).isNotEmpty();
    for (Finding f : found) {
      reads.record(AgentKeys.of("default", agent), fingerprints.of(f, text), new ReadFingerprints.Source(tool, host));
    }
  }

  private static InspectedRequest request(String method, String host, String path, String query, String body) {
    return new InspectedRequest("https", host, 443, method, path, query,
        Map.of("content-type", List.of("application/json")), body.getBytes(StandardCharsets.UTF_8), true);
  }

  private Verdict decide(InspectedRequest req) {
    return decider.decide(req, AGENT);
  }

  @Test
  void aValueReadFromOneToolAndPostedToAnotherIsFlagged() {
    read("bot", "github", "api.github.com", "{\"email\":\"jane.doe@example.org\"}");
    Verdict v = decide(request("POST", "slack.com", "/api/chat.postMessage", null,
        "{\"channel\":\"C1\",\"text\":\"contact: Jane.Doe@Example.org\"}"));
    assertThat(v.decision().reasons()).contains(InspectingDecider.READ_THEN_WRITE_EXFIL);
    assertThat(flagged).containsExactly("bot slack slack.com");
  }

  @Test
  void writingTheValueBackWhereItWasReadIsNotFlagged() {
    read("bot", "slack", "slack.com", "{\"text\":\"mail jane.doe@example.org\"}");
    Verdict v = decide(request("POST", "slack.com", "/api/chat.postMessage", null,
        "{\"channel\":\"C1\",\"text\":\"jane.doe@example.org\"}"));
    assertThat(v.decision().reasons()).doesNotContain(InspectingDecider.READ_THEN_WRITE_EXFIL);
  }

  @Test
  void aValueNeverReadIsNotFlagged() {
    read("bot", "github", "api.github.com", "{\"email\":\"jane.doe@example.org\"}");
    Verdict v = decide(request("POST", "slack.com", "/api/chat.postMessage", null,
        "{\"channel\":\"C1\",\"text\":\"john.roe@example.org\"}"));
    assertThat(v.decision().reasons()).doesNotContain(InspectingDecider.READ_THEN_WRITE_EXFIL);
    assertThat(flagged).isEmpty();
  }

  @Test
  void anotherAgentsReadDoesNotCount() {
    read("other", "github", "api.github.com", "{\"email\":\"jane.doe@example.org\"}");
    Verdict v = decide(request("POST", "slack.com", "/api/chat.postMessage", null,
        "{\"text\":\"jane.doe@example.org\"}"));
    assertThat(v.decision().reasons()).doesNotContain(InspectingDecider.READ_THEN_WRITE_EXFIL);
  }

  @Test
  void aReadRequestCarryingTheValueIsNotAWrite() {
    read("bot", "github", "api.github.com", "{\"email\":\"jane.doe@example.org\"}");
    Verdict v = decide(request("GET", "search.example.net", "/find", "q=jane.doe%40example.org", ""));
    assertThat(v.decision().reasons()).doesNotContain(InspectingDecider.READ_THEN_WRITE_EXFIL);
  }

  @Test
  void aValueInTheQueryOfAWriteIsFoundToo() {
    read("bot", "github", "api.github.com", "{\"email\":\"jane.doe@example.org\"}");
    Verdict v = decide(request("POST", "collect.example.net", "/c", "who=jane.doe%40example.org", "{}"));
    assertThat(v.decision().reasons()).contains(InspectingDecider.READ_THEN_WRITE_EXFIL);
  }

  @Test
  void afterTheWindowTheValueIsNoLongerFlagged() {
    read("bot", "github", "api.github.com", "{\"email\":\"jane.doe@example.org\"}");
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    Verdict v = decide(request("POST", "slack.com", "/api/chat.postMessage", null,
        "{\"text\":\"jane.doe@example.org\"}"));
    assertThat(v.decision().reasons()).doesNotContain(InspectingDecider.READ_THEN_WRITE_EXFIL);
  }

  @Test
  void escapedAndFormattedValuesMatchTheirPlainForm() {
    read("bot", "crm", "crm.example.net", "{\"card\":\"4111 1111 1111 1111\",\"mail\":\"jane.doe@example.org\"}");
    Verdict card = decide(request("POST", "paste.example.com", "/p", null, "{\"c\":\"4111-1111-1111-1111\"}"));
    assertThat(card.decision().reasons()).contains(InspectingDecider.READ_THEN_WRITE_EXFIL);
    Verdict mail = decide(request("POST", "paste.example.com", "/p", null, "{\"m\":\"jane.doe\\u0040example.org\"}"));
    assertThat(mail.decision().reasons()).contains(InspectingDecider.READ_THEN_WRITE_EXFIL);
  }
}
