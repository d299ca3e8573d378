package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real clients (curl, Python urllib, Node undici, JDK HttpClient) through a real Airlock to local
 * HTTPS servers standing in for slack.com and api.openai.com.
 */
class ClientsEndToEndTest {
  static AirlockHarness h;
  static RecordingUpstream slack;
  static RecordingUpstream openai;
  static RecordingUpstream plain;
  static final CountDownLatch firstEventSeen = new CountDownLatch(1);

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    slack = h.https("slack.com");
    openai = h.https("api.openai.com");
    plain = h.http("plain.example.com");
    openai.on("/v1/chat/completions", ex -> {
      ex.getResponseHeaders().set("Content-Type", "text/event-stream");
      ex.sendResponseHeaders(200, 0);
      OutputStream os = ex.getResponseBody();
      os.write("data: {\"delta\":\"first\"}\n\n".getBytes(StandardCharsets.UTF_8));
      os.flush();
      try {
        // The second event is only sent once the client has seen the first: a proxy that
        // buffered the stream would make this wait time out.
        firstEventSeen.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      os.write("data: {\"delta\":\"second\"}\n\ndata: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      os.close();
    });
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private Clients.Result curl(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "-D", "-",
        "-x", h.proxyUrl(), "--cacert", h.airlockCa.toString()));
    cmd.addAll(List.of(args));
    return Clients.run(null, Map.of(), cmd);
  }

  @Test
  void curlAllowedCallReachesUpstreamUnchanged() throws Exception {
    int before = slack.received().size();
    String body = "{\"channel\":\"C123\",\"text\":\"deploy finished\"}";
    Clients.Result r = curl("-H", "Content-Type: application/json", "-H", "Authorization: Bearer xoxb-not-checked",
        "--data-binary", body, "https://slack.com/api/chat.postMessage");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("HTTP/1.1 200").contains("{\"ok\":true}").containsIgnoringCase("x-airlock-trace-id: trc_");
    assertThat(slack.received()).hasSize(before + 1);
    RecordingUpstream.Received got = slack.received().get(before);
    assertThat(got.bodyText()).isEqualTo(body);
    assertThat(got.uri()).isEqualTo("/api/chat.postMessage");
    assertThat(got.header("Proxy-Authorization")).isNull();
    assertThat(got.header("Via")).isEqualTo("1.1 airlock");
    assertThat(got.header("Host")).isEqualTo("slack.com");

    String traceId = header(r.stdout(), "x-airlock-trace-id");
    JsonNode t = h.trace(traceId);
    assertThat(t.get("tool").asText()).isEqualTo("slack");
    assertThat(t.get("operation").asText()).isEqualTo("post_message");
    assertThat(t.get("decision").asText()).isEqualTo("ALLOW");
    assertThat(t.get("status").asInt()).isEqualTo(200);
    assertThat(t.get("agent").asText()).isEqualTo("local-agent");
  }

  @Test
  void curlSecretIsDeniedAndNeverReachesUpstream() throws Exception {
    int before = slack.received().size();
    Clients.Result r = curl("-H", "Content-Type: application/json",
        "--data-binary", "{\"channel\":\"C1\",\"text\":\"creds: AKIAIOSFODNN7EXAMPLE\"}",
        "https://slack.com/api/chat.postMessage");
    assertThat(r.stdout()).contains("HTTP/1.1 403").containsIgnoringCase("x-airlock-decision: DENY")
        .containsIgnoringCase("x-airlock-reason: SECRET_DETECTED").containsIgnoringCase("content-type: application/json");
    JsonNode body = AirlockHarness.JSON.readTree(r.stdout().substring(r.stdout().indexOf('{')));
    assertThat(body.get("decision").asText()).isEqualTo("DENY");
    assertThat(body.get("reasons").get(0).asText()).isEqualTo("SECRET_DETECTED");
    assertThat(body.get("rule").asText()).startsWith("block-secrets-external/");
    assertThat(body.get("tool").asText()).isEqualTo("slack");
    assertThat(body.get("operation").asText()).isEqualTo("post_message");
    // Slack Web API clients read ok/error; the message names the reason and the trace.
    assertThat(body.get("ok").asBoolean(true)).isFalse();
    assertThat(body.get("error").asText()).isEqualTo("airlock_policy_denied");
    assertThat(body.get("message").asText()).contains("SECRET_DETECTED").contains(body.get("trace_id").asText());
    assertThat(slack.received()).hasSize(before);
    JsonNode t = h.trace(body.get("trace_id").asText());
    assertThat(t.get("data_classes").toString()).contains("SECRETS.aws_access_key").doesNotContain("AKIAIOSFODNN7EXAMPLE");
  }

  @Test
  void pythonUrllibPiiIsRedactedAndJsonStaysValid() throws Exception {
    int before = slack.received().size();
    String script = String.join("\n",
        "import json, urllib.request",
        "body = json.dumps({'channel': 'C9', 'text': 'mail jane.doe@example.com or \"quote\" 4111 1111 1111 1111'}).encode()",
        "req = urllib.request.Request('https://slack.com/api/chat.postMessage', data=body,",
        "    headers={'Content-Type': 'application/json; charset=utf-8'})",
        "with urllib.request.urlopen(req, timeout=20) as r:",
        "    print(r.status, r.headers['X-Airlock-Trace-Id'], r.read().decode())");
    Clients.Result r = Clients.run(null, Map.of("HTTPS_PROXY", h.proxyUrl(), "SSL_CERT_FILE", h.airlockCa.toString()),
        List.of("python3", "-c", script));
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.stdout()).startsWith("200 trc_");
    RecordingUpstream.Received got = slack.received().get(before);
    JsonNode sent = AirlockHarness.JSON.readTree(got.body());
    assertThat(sent.get("channel").asText()).isEqualTo("C9");
    assertThat(sent.get("text").asText()).contains("[REDACTED:PII]").contains("\"quote\"")
        .doesNotContain("jane.doe@example.com").doesNotContain("4111");
    assertThat(got.header("Content-Length")).isEqualTo(Integer.toString(got.body().length));
  }

  @Test
  void nodeUndiciThroughProxyAgent() throws Exception {
    Path nodeDir = Path.of("src/test/node").toAbsolutePath();
    String script = String.join("\n",
        "import { ProxyAgent, fetch } from 'undici';",
        "const dispatcher = new ProxyAgent(process.env.HTTPS_PROXY);",
        "const r = await fetch('https://slack.com/api/conversations.history?channel=C1', { dispatcher });",
        "console.log(r.status, r.headers.get('x-airlock-trace-id'), await r.text());");
    Clients.Result r = Clients.run(nodeDir, Map.of("HTTPS_PROXY", h.proxyUrl(), "NODE_EXTRA_CA_CERTS",
        h.airlockCa.toString()), List.of("node", "--input-type=module", "-e", script));
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.stdout()).startsWith("200 trc_").contains("{\"ok\":true}");
    JsonNode t = h.trace(r.stdout().split(" ")[1]);
    assertThat(t.get("operation").asText()).isEqualTo("read_messages");
    assertThat(t.get("verb").asText()).isEqualTo("READ");
  }

  @Test
  void nodeTunnelsPlainHttpThroughConnectAndIsStillInspected() throws Exception {
    Path nodeDir = Path.of("src/test/node").toAbsolutePath();
    int before = plain.received().size();
    String script = String.join("\n",
        "import { ProxyAgent, fetch } from 'undici';",
        "const dispatcher = new ProxyAgent(process.env.HTTP_PROXY);",
        "const ok = await fetch('http://plain.example.com/tunnelled', { dispatcher });",
        "const denied = await fetch('http://plain.example.com/tunnelled', { dispatcher, method: 'POST',",
        "  headers: { 'content-type': 'application/json' }, body: '{\"k\":\"AKIAIOSFODNN7EXAMPLE\"}' });",
        "console.log(ok.status, denied.status, denied.headers.get('x-airlock-reason'));");
    Clients.Result r = Clients.run(nodeDir, Map.of("HTTP_PROXY", h.proxyUrl()),
        List.of("node", "--input-type=module", "-e", script));
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.stdout().trim()).isEqualTo("200 403 SECRET_DETECTED");
    assertThat(plain.received()).hasSize(before + 1);
  }

  @Test
  void jdkHttpClientAnswersTheChallengeAndPosts() throws Exception {
    HttpResponse<String> r = h.jdkClient(h.agentKey).send(HttpRequest.newBuilder(
            URI.create("https://slack.com/api/chat.postMessage"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"C2\",\"text\":\"from java\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-airlock-trace-id")).isPresent();
    assertThat(slack.received().stream().anyMatch(x -> x.bodyText().contains("from java"))).isTrue();
  }

  @Test
  void sseStreamArrivesEventByEvent() throws Exception {
    HttpResponse<Stream<String>> r = h.jdkClient(h.agentKey).send(HttpRequest.newBuilder(
            URI.create("https://api.openai.com/v1/chat/completions"))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}")).build(),
        HttpResponse.BodyHandlers.ofLines());
    assertThat(r.statusCode()).isEqualTo(200);
    Iterator<String> lines = r.body().iterator();
    assertThat(lines.next()).isEqualTo("data: {\"delta\":\"first\"}");
    firstEventSeen.countDown();
    StringBuilder rest = new StringBuilder();
    lines.forEachRemaining(l -> rest.append(l).append('\n'));
    assertThat(rest.toString()).contains("data: {\"delta\":\"second\"}").contains("data: [DONE]");
  }

  @Test
  void plainHttpAbsoluteFormIsForwarded() throws Exception {
    Clients.Result r = Clients.run(null, Map.of(), List.of("curl", "-sS", "--max-time", "20", "-D", "-",
        "-x", h.proxyUrl(), "http://plain.example.com/status?x=1"));
    assertThat(r.stdout()).as(r.toString()).contains("HTTP/1.1 200").contains("{\"ok\":true}");
    RecordingUpstream.Received got = plain.received().get(plain.received().size() - 1);
    assertThat(got.uri()).isEqualTo("/status?x=1");
    assertThat(got.header("Proxy-Authorization")).isNull();
  }

  @Test
  void missingOrWrongCredentialsGet407() throws Exception {
    Clients.Result none = Clients.run(null, Map.of(), List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_connect}",
        "-x", "http://127.0.0.1:" + h.proxyPort(), "--cacert", h.airlockCa.toString(), "https://slack.com/api/x"));
    assertThat(none.stdout()).isEqualTo("407");
    Clients.Result wrong = Clients.run(null, Map.of(), List.of("curl", "-sS", "-o", "/dev/null", "-w",
        "%{http_connect}", "-x", h.proxyUrl("local-agent", "alk_wrong"), "--cacert", h.airlockCa.toString(),
        "https://slack.com/api/x"));
    assertThat(wrong.stdout()).isEqualTo("407");
    Clients.Result plainNone = Clients.run(null, Map.of(), List.of("curl", "-sS", "-D", "-", "-o", "/dev/null",
        "-x", "http://127.0.0.1:" + h.proxyPort(), "http://plain.example.com/"));
    assertThat(plainNone.stdout()).contains("407").containsIgnoringCase("proxy-authenticate: Basic realm=\"airlock\"");
  }

  @Test
  void privateAndMetadataDestinationsAreDenied() throws Exception {
    for (String url : List.of("https://127.0.0.1:8443/", "https://169.254.169.254/latest/meta-data")) {
      Clients.Result r = Clients.run(null, Map.of(), List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_connect}",
          "-x", h.proxyUrl(), "--cacert", h.airlockCa.toString(), url));
      assertThat(r.stdout()).as(url).isEqualTo("403");
    }
    Clients.Result r = Clients.run(null, Map.of(), List.of("curl", "-sS", "-x", h.proxyUrl(),
        "http://169.254.169.254/latest/meta-data"));
    assertThat(r.stdout()).contains("\"PRIVATE_ADDRESS\"");
  }

  private static String header(String response, String name) {
    for (String line : response.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    throw new AssertionError("no header " + name + " in " + response);
  }
}
