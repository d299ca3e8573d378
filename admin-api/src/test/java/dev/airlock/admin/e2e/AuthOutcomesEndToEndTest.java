package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.AirlockNode;
import dev.airlock.admin.config.NodeSettings;
import dev.airlock.admin.store.Poll;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A missing or wrong credential is an authentication outcome, not a policy DENY; what a client
 * sent as a credential is never stored or logged unless it names an existing agent (and never the
 * key); failed attempts are traced at most once per source address per minute, with the count.
 */
class AuthOutcomesEndToEndTest {
  static AirlockHarness h;
  static RecordingUpstream api;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    api = h.https("api.example.com");
    h.http("plain.example.com");
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void aKeyInTheUserNameFieldIsNeitherStoredNorLogged() throws Exception {
    String key = "sk-live-abc123" + Long.toHexString(System.nanoTime());
    LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = logs.getLogger(Logger.ROOT_LOGGER_NAME);
    Logger airlock = logs.getLogger("dev.airlock");
    Level before = airlock.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    airlock.setLevel(Level.DEBUG);
    try {
      // curl sends "key:" for a user name with an empty password, and "key:x" for the second form.
      assertThat(curl("127.0.0.8", "http://" + key + ":@127.0.0.1:" + h.proxyPort(), "https://api.example.com/a"))
          .contains("407");
      assertThat(curl("127.0.0.9", "http://" + key + ":x@127.0.0.1:" + h.proxyPort(), "http://plain.example.com/b"))
          .contains("407");
      assertThat(curl("127.0.0.10", "http://" + key + ":x@127.0.0.1:" + h.proxyPort(), "https://api.example.com/c"))
          .contains("407");
      // A known agent with a wrong key: the key is not kept either.
      assertThat(curl("127.0.0.11", h.proxyUrl("local-agent", key), "https://api.example.com/d")).contains("407");

      JsonNode fromEight = authTrace("127.0.0.8");
      JsonNode fromNine = authTrace("127.0.0.9");
      JsonNode fromTen = authTrace("127.0.0.10");
      JsonNode knownAgent = authTrace("127.0.0.11");
      for (JsonNode t : List.of(fromEight, fromNine, fromTen)) {
        assertThat(t.get("decision").asText()).isEqualTo("AUTH_FAILED");
        assertThat(t.get("agent").asText()).isEmpty();
        assertThat(t.get("status").asInt()).isEqualTo(407);
      }
      // The name of an existing agent is kept (the directory knows it); its wrong key is not.
      assertThat(knownAgent.get("decision").asText()).isEqualTo("AUTH_FAILED");
      assertThat(knownAgent.get("agent").asText()).isEqualTo("local-agent");
      assertThat(h.admin("GET", "/api/v1/traces?limit=1000&since=1h", null).toString()).doesNotContain(key);
      assertThat(captured.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()
          + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).contains(key));
    } finally {
      airlock.setLevel(before);
      root.detachAppender(captured);
    }
  }

  @Test
  void aFloodOfBadCredentialsLeavesAHandfulOfTracesThatCarryTheCount() throws Exception {
    InetAddress source = InetAddress.getByName("127.0.0.7");
    String bad = "Proxy-Authorization: Basic " + Base64.getEncoder()
        .encodeToString("intruder:guess".getBytes(StandardCharsets.UTF_8)) + "\r\n";
    for (int i = 0; i < 1000; i++) {
      String request = i % 2 == 0
          ? "CONNECT api.example.com:443 HTTP/1.1\r\nHost: api.example.com:443\r\n" + bad + "\r\n"
          : "GET http://plain.example.com/" + i + " HTTP/1.1\r\nHost: plain.example.com\r\n" + bad + "\r\n";
      assertThat(exchange(source, request)).startsWith("HTTP/1.1 407");
    }
    JsonNode first = authTrace("127.0.0.7");
    assertThat(first.get("reasons").toString()).contains("\"AUTH_FAILED\"").contains("\"ATTEMPTS:1\"");
    assertThat(tracesFrom("127.0.0.7")).hasSizeLessThanOrEqualTo(2);

    // A graceful stop writes what was counted but not traced yet; the traces are in the database.
    NodeSettings settings = h.node.settings();
    h.node.close();
    h.node = AirlockNode.start(settings);
    List<JsonNode> rows = tracesFrom("127.0.0.7");
    assertThat(rows).hasSizeBetween(2, 3).allSatisfy(t -> {
      assertThat(t.get("decision").asText()).isEqualTo("AUTH_FAILED");
      assertThat(t.get("agent").asText()).isEmpty();
    });
    assertThat(traces("decision=AUTH_FAILED")).containsAll(rows);
    assertThat(rows.stream().mapToInt(AuthOutcomesEndToEndTest::attempts).sum()).isEqualTo(1000);
  }

  @Test
  void aJdkClientThatAuthenticatesAfterThe407LeavesNoDenyTrace() throws Exception {
    HttpClient jdk = h.jdkClient(h.agentKey);
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = jdk.send(HttpRequest.newBuilder(URI.create("https://api.example.com/jdk/" + i))
          .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
    }
    Poll.until(Duration.ofSeconds(15), "the allowed JDK requests traced", () -> traces("decision=ALLOW").stream()
        .filter(t -> t.get("path").asText().startsWith("/jdk/")).count() == 3);
    assertThat(traces("decision=DENY")).isEmpty();
    assertThat(tracesFrom("127.0.0.1")).hasSizeLessThanOrEqualTo(1)
        .allSatisfy(t -> assertThat(t.get("decision").asText()).isEqualTo("AUTH_REQUIRED"));
  }

  private static int attempts(JsonNode trace) {
    for (JsonNode r : trace.get("reasons")) {
      if (r.asText().startsWith("ATTEMPTS:")) {
        return Integer.parseInt(r.asText().substring(9));
      }
    }
    throw new AssertionError("no attempt count in " + trace);
  }

  /** The one authentication trace from this source address, waiting for the writer. */
  private static JsonNode authTrace(String source) {
    List<JsonNode> found = new ArrayList<>();
    Poll.until(Duration.ofSeconds(15), "an authentication trace from " + source, () -> {
      found.clear();
      found.addAll(tracesFrom(source));
      return !found.isEmpty();
    });
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static List<JsonNode> tracesFrom(String source) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode t : traces("")) {
      if (t.get("reasons").toString().contains("\"SOURCE:" + source + "\"")) {
        out.add(t);
      }
    }
    return out;
  }

  private static List<JsonNode> traces(String filter) {
    try {
      List<JsonNode> out = new ArrayList<>();
      h.admin("GET", "/api/v1/traces?limit=1000&since=1h&" + filter, null).get("data").forEach(out::add);
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String curl(String from, String proxy, String url) throws Exception {
    Clients.Result r = Clients.run(null, Map.of(), List.of("curl", "-sS", "--max-time", "20", "-o", "/dev/null",
        "-w", "%{http_connect}%{http_code}", "--interface", from, "-x", proxy, "--cacert", h.airlockCa.toString(),
        url));
    // %{http_connect} carries the CONNECT answer, %{http_code} a plain request's.
    return r.stdout();
  }

  private static String exchange(InetAddress from, String request) throws Exception {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(from, 0));
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), h.proxyPort()));
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
