package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.store.Poll;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ephemeral keys through the proxy: a key scoped to one operation on one host is allowed for it and
 * refused (403 EPHEMERAL_SCOPE_VIOLATION) for anything else, and stops authenticating (407) when it
 * expires, on its own, with no change announced.
 */
class EphemeralKeysEndToEndTest {
  static AirlockHarness h;
  static RecordingUpstream slack;
  static RecordingUpstream github;
  static String agentId;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    slack = h.https("slack.com");
    github = h.https("api.github.com");
    h.start();
    for (JsonNode a : h.admin("GET", "/api/v1/agents", null).get("data")) {
      if (a.get("name").asText().equals("local-agent")) {
        agentId = a.get("id").asText();
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static String ephemeralKey(String body) throws Exception {
    return h.admin("POST", "/api/v1/agents/" + agentId + "/keys", body).at("/data/secret").asText();
  }

  @Test
  void aScopedKeyIsAllowedItsOperationAndRefusedEverythingElse() throws Exception {
    String key = ephemeralKey("""
        {"ephemeral": true, "ttl": "1h", "operations": ["slack.post_message"], "hosts": ["slack.com"]}""");
    HttpClient client = h.jdkClient(key);
    int slackBefore = slack.received().size();
    int githubBefore = github.received().size();

    HttpResponse<String> allowed = client.send(HttpRequest.newBuilder(URI.create("https://slack.com/api/chat.postMessage"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"C1\",\"text\":\"build green\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);

    HttpResponse<String> otherOperation = client.send(HttpRequest.newBuilder(
        URI.create("https://slack.com/api/conversations.history?channel=C1")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(otherOperation.statusCode()).isEqualTo(403);
    JsonNode body = AirlockHarness.JSON.readTree(otherOperation.body());
    assertThat(body.get("reasons")).extracting(JsonNode::asText).containsExactly("EPHEMERAL_SCOPE_VIOLATION");
    assertThat(body.get("message").asText()).contains("outside this ephemeral key's scope", "slack.post_message");

    HttpResponse<String> otherHost = client.send(HttpRequest.newBuilder(URI.create("https://api.github.com/user/repos"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(otherHost.statusCode()).isEqualTo(403);
    assertThat(otherHost.headers().firstValue("X-Airlock-Reason")).hasValue("EPHEMERAL_SCOPE_VIOLATION");

    assertThat(slack.received()).hasSize(slackBefore + 1);
    assertThat(slack.received().get(slackBefore).uri()).isEqualTo("/api/chat.postMessage");
    assertThat(github.received()).hasSize(githubBefore);

    JsonNode trace = h.trace(body.get("trace_id").asText());
    assertThat(trace.get("reasons")).extracting(JsonNode::asText).containsExactly("EPHEMERAL_SCOPE_VIOLATION");
    assertThat(trace.get("decision").asText()).isEqualTo("DENY");
  }

  @Test
  void anExpiredKeyIsRefusedWithAProxyAuthenticationChallenge() throws Exception {
    String key = ephemeralKey("{\"ttl\": 2, \"operations\": [\"*\"]}");
    assertThat(connectStatus(key)).isEqualTo("200");
    Poll.until(Duration.ofSeconds(10), "the key to expire", () -> connectStatus(key).equals("407"));
    Clients.Result r = Clients.run(null, Map.of(), List.of("curl", "-sS", "-D", "-", "-o", "/dev/null", "-x",
        h.proxyUrl("local-agent", key), "--cacert", h.airlockCa.toString(), "https://slack.com/api/auth.test"));
    assertThat(r.stdout()).contains("407").containsIgnoringCase("Proxy-Authenticate: Basic realm=\"airlock\"");
  }

  private static String connectStatus(String key) {
    try {
      return Clients.run(null, Map.of(), List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_connect}", "-x",
          h.proxyUrl("local-agent", key), "--cacert", h.airlockCa.toString(), "https://slack.com/api/auth.test"))
          .stdout();
    } catch (Exception e) {
      return e.toString();
    }
  }
}
