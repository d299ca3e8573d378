package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scan API and the proxy decide alike: a corpus of requests (chat, code hosting, LLM and
 * unknown APIs; with and without secrets, personal and internal data; allowed, sanitized and
 * denied by the starter policies) is sent through the real proxy with the JDK's HttpClient and
 * described to {@code POST /api/v1/scan}; decision, reasons, rule, tool, operation and data
 * classes must be identical for every request.
 */
class ScanCorpusEndToEndTest {
  private static final Map<String, String> PAYLOADS = new LinkedHashMap<>();

  static {
    PAYLOADS.put("plain", "deploy finished, all green");
    PAYLOADS.put("email", "please contact jane.doe@example.org about it");
    PAYLOADS.put("phone", "call me on +1 415 555 0132 tomorrow");
    PAYLOADS.put("card", "card 4111 1111 1111 1111 exp 12/29");
    PAYLOADS.put("iban", "wire to DE89 3704 0044 0532 0130 00");
    PAYLOADS.put("ssn", "ssn 536-22-1234 on file");
    PAYLOADS.put("aws", "use AKIAIOSFODNN7EXAMPLE for the bucket");
    PAYLOADS.put("github", "token ghp_0123456789abcdefghijABCDEFGHIJ012345");
    PAYLOADS.put("jwt", "session eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
        + "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U");
    PAYLOADS.put("internal", "CONFIDENTIAL: q3 numbers attached");
  }

  /** One request of the corpus. */
  record Case(String name, String method, String url, Map<String, String> headers, String body) {}

  static AirlockHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    for (String host : List.of("slack.com", "api.github.com", "api.openai.com", "api.anthropic.com",
        "paste.example.com")) {
      h.https(host);
    }
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static String json(Object value) throws Exception {
    return AirlockHarness.JSON.writeValueAsString(value);
  }

  static List<Case> corpus() throws Exception {
    List<Case> out = new ArrayList<>();
    Map<String, String> jsonType = Map.of("Content-Type", "application/json");
    for (Map.Entry<String, String> p : PAYLOADS.entrySet()) {
      String text = p.getValue();
      out.add(new Case("slack json " + p.getKey(), "POST", "https://slack.com/api/chat.postMessage", jsonType,
          json(Map.of("channel", "C1", "text", text))));
      out.add(new Case("slack form " + p.getKey(), "POST", "https://slack.com/api/chat.postMessage",
          Map.of("Content-Type", "application/x-www-form-urlencoded"),
          "channel=C1&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8)));
      out.add(new Case("github issue " + p.getKey(), "POST", "https://api.github.com/repos/acme/app/issues",
          jsonType, json(Map.of("title", "report", "body", text))));
      out.add(new Case("openai chat " + p.getKey(), "POST", "https://api.openai.com/v1/chat/completions",
          jsonType, json(Map.of("model", "gpt-4o", "messages", List.of(Map.of("role", "user", "content", text))))));
      out.add(new Case("paste " + p.getKey(), "POST", "https://paste.example.com/api/new", jsonType,
          json(Map.of("content", text))));
    }
    out.add(new Case("anthropic messages", "POST", "https://api.anthropic.com/v1/messages", jsonType,
        json(Map.of("model", "claude", "messages", List.of(Map.of("role", "user", "content", "hi"))))));
    out.add(new Case("slack history", "GET", "https://slack.com/api/conversations.history?channel=C1", Map.of(), ""));
    out.add(new Case("github own token", "GET", "https://api.github.com/user",
        Map.of("Authorization", "Bearer ghp_0123456789abcdefghijABCDEFGHIJ012345"), ""));
    out.add(new Case("openai foreign key header", "GET", "https://api.openai.com/v1/models",
        Map.of("X-Debug", "AKIAIOSFODNN7EXAMPLE"), ""));
    out.add(new Case("paste key in query", "GET", "https://paste.example.com/raw?key=AKIAIOSFODNN7EXAMPLE", Map.of(),
        ""));
    out.add(new Case("paste email in query", "GET", "https://paste.example.com/find?who=jane.doe%40example.org",
        Map.of(), ""));
    out.add(new Case("github repo delete", "DELETE", "https://api.github.com/repos/acme/app", Map.of(), ""));
    out.add(new Case("paste put", "PUT", "https://paste.example.com/api/7", jsonType, json(Map.of("content", "x"))));
    return out;
  }

  /** The proxy's view: the trace of the request sent through it. */
  private static JsonNode throughProxy(HttpClient client, Case c) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(c.url())).timeout(Duration.ofSeconds(20))
        .method(c.method(), c.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(c.body()));
    c.headers().forEach(b::header);
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    String id = r.headers().firstValue("X-Airlock-Trace-Id")
        .orElseThrow(() -> new AssertionError(c.name() + ": no trace id in " + r.statusCode() + " " + r.body()));
    return h.trace(id);
  }

  /** The scan API's answer for the same request. */
  private static JsonNode throughScan(Case c) throws Exception {
    ObjectNode req = AirlockHarness.JSON.createObjectNode().put("method", c.method()).put("url", c.url());
    ObjectNode headers = req.putObject("headers");
    c.headers().forEach(headers::put);
    if (!c.body().isEmpty()) {
      req.put("body", c.body());
    }
    ScanCalls.Answer a = ScanCalls.scan(h, ScanCalls.bearer(h), req.toString());
    assertThat(a.status()).as(c.name() + ": " + a.body()).isEqualTo(200);
    return a.data();
  }

  private static Map<String, String> decisive(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String f : List.of("decision", "reasons", "rule", "tool", "operation", "data_classes")) {
      JsonNode v = n.get(f);
      out.put(f, v == null || v.isNull() ? "null" : v.isTextual() ? v.asText() : v.toString());
    }
    return out;
  }

  @Test
  void everyRequestOfTheCorpusIsDecidedAlikeByTheProxyAndTheScanApi() throws Exception {
    List<Case> corpus = corpus();
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);
    HttpClient client = h.jdkClient(h.agentKey);
    List<String> mismatches = new ArrayList<>();
    Set<String> decisions = new TreeSet<>();
    Set<String> tools = new TreeSet<>();
    for (Case c : corpus) {
      Map<String, String> proxy = decisive(throughProxy(client, c));
      Map<String, String> scan = decisive(throughScan(c));
      if (!proxy.equals(scan)) {
        mismatches.add(c.name() + ": proxy " + proxy + " scan " + scan);
      }
      decisions.add(proxy.get("decision"));
      tools.add(proxy.get("tool"));
    }
    assertThat(mismatches).isEmpty();
    assertThat(decisions).contains("ALLOW", "SANITIZE", "DENY");
    assertThat(tools).contains("slack", "github", "openai", "anthropic", "example.com");
  }
}
