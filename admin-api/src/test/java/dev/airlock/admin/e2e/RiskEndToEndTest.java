package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.cli.Cli;
import dev.airlock.admin.store.Poll;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Risk signals and trust through a running node: the first write of an agent to a host carries
 * new_destination in its trace and meets a new_destination rule, later writes do not; denials lower
 * the agent's trust, visible on the agents API and with {@code airlock agent trust}.
 */
class RiskEndToEndTest {
  static AirlockHarness h;
  static RecordingUpstream hooks;
  static RecordingUpstream drop;
  static HttpClient agent;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    hooks = h.https("hooks.example.com");
    drop = h.https("drop.example.com");
    h.start();
    h.admin("POST", "/api/v1/policies?env=default", """
        {"name": "first-writes", "rules": [
          {"id": "note-first-write", "match": {"host": "hooks.example.com"},
           "condition": {"new_destination": true}, "action": "ALLOW", "severity": "HIGH",
           "reason": "FIRST_WRITE", "priority": 1},
          {"id": "no-new-drops", "match": {"host": "drop.example.com"},
           "condition": {"new_destination": true}, "action": "DENY", "reason": "NEW_DESTINATION_BLOCKED",
           "priority": 1}
        ]}""");
    agent = h.jdkClient(h.agentKey);
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static HttpResponse<String> send(String method, String url) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
    b.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString("{\"text\": \"build finished\"}"));
    return agent.send(b.header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode traceOf(HttpResponse<String> r) throws Exception {
    return h.trace(r.headers().firstValue("x-airlock-trace-id").orElseThrow());
  }

  @Test
  void onlyTheFirstWriteToAHostIsANewDestination() throws Exception {
    JsonNode read = traceOf(send("GET", "https://hooks.example.com/status"));
    assertThat(read.path("risk_signals").path("new_destination").asDouble()).as("a read").isZero();

    HttpResponse<String> first = send("POST", "https://hooks.example.com/notify");
    assertThat(first.statusCode()).isEqualTo(200);
    JsonNode t1 = traceOf(first);
    assertThat(t1.get("reasons").get(0).asText()).isEqualTo("FIRST_WRITE");
    assertThat(t1.get("rule").asText()).isEqualTo("first-writes/note-first-write");
    JsonNode s1 = t1.get("risk_signals");
    assertThat(s1.get("new_destination").asDouble()).isEqualTo(0.3);
    assertThat(s1.get("write_verb").asDouble()).isEqualTo(0.1);
    assertThat(s1.get("threat_intel").asDouble()).isZero();
    assertThat(s1.get("raw_risk").asDouble()).isCloseTo(0.37, offset(1e-9));
    // The agent's trust scales the risk (the other test may have lowered it already).
    double trust = s1.get("trust").asDouble();
    assertThat(trust).isBetween(0.0, 0.5);
    assertThat(s1.get("scrutiny_multiplier").asDouble()).isEqualTo(1.0);
    assertThat(t1.get("risk_score").asDouble()).isCloseTo(Math.min(1, 0.37 * (1.5 - trust)), offset(1e-9));
    assertThat(t1.get("severity").asText()).isEqualTo("HIGH");

    HttpResponse<String> second = send("POST", "https://hooks.example.com/notify");
    assertThat(second.statusCode()).isEqualTo(200);
    JsonNode t2 = traceOf(second);
    assertThat(t2.get("reasons").get(0).asText()).isEqualTo("DEFAULT_ACTION");
    assertThat(t2.get("risk_signals").get("new_destination").asDouble()).isZero();
    assertThat(t2.get("risk_signals").get("raw_risk").asDouble()).isCloseTo(0.1, offset(1e-9));
    assertThat(hooks.received()).hasSize(3);
  }

  @Test
  void denialsKeepADestinationNewAndLowerTheAgentsTrust() throws Exception {
    String agentId = h.admin("GET", "/api/v1/agents?name=local-agent", null).get("data").get(0).get("id").asText();
    double before = h.admin("GET", "/api/v1/agents/" + agentId, null).get("data").get("trust_score").asDouble();
    List<String> denied = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = send("POST", "https://drop.example.com/upload");
      assertThat(r.statusCode()).isEqualTo(403);
      JsonNode t = traceOf(r);
      assertThat(t.get("reasons").get(0).asText()).as("still a new destination").isEqualTo("NEW_DESTINATION_BLOCKED");
      assertThat(t.get("risk_signals").get("new_destination").asDouble()).isEqualTo(0.3);
      denied.add(t.get("id").asText());
    }
    assertThat(drop.received()).isEmpty();

    Poll.until(Duration.ofSeconds(10), "the denials to lower the stored trust", () -> {
      try {
        return h.admin("GET", "/api/v1/agents/" + agentId, null).get("data").get("trust_score").asDouble()
            < before - 0.149; // three denials, less what decayed back meanwhile
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    JsonNode history = h.admin("GET", "/api/v1/agents/" + agentId + "/trust", null);
    int denials = 0;
    for (JsonNode e : history.get("data")) {
      assertThat(e.get("event").asText()).isEqualTo("deny");
      assertThat(e.get("agent").asText()).isEqualTo("local-agent");
      assertThat(denied).contains(e.get("trace_id").asText());
      denials += e.get("count").asInt();
    }
    assertThat(denials).isEqualTo(3);
    assertThat(history.get("meta").get("total").asLong()).isEqualTo(history.get("data").size());

    // The next request is decided with the lowered trust.
    JsonNode next = traceOf(send("POST", "https://drop.example.com/upload"));
    assertThat(next.get("risk_signals").get("trust").asDouble()).isCloseTo(before - 0.15, offset(1e-3));
    assertThat(next.get("risk_score").asDouble()).isGreaterThan(0.37);

    Cli.Result cli = Cli.run(h.cliEnvironment(), "agent", "trust", "local-agent");
    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.out()).contains("Agent 'local-agent'").contains("deny").contains(denied.get(2));
  }
}
