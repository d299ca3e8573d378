package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.store.Poll;
import dev.airlock.admin.store.StoppablePostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A node on an external PostgreSQL that goes away: agents the node knows keep being served from
 * memory and their traces reach the database once it is back; a node whose database is down when it
 * starts serves at once and takes agents in as soon as the database answers.
 */
@Tag("reliability")
class DatabaseOutageEndToEndTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

  record Sent(String status, String traceId, String output) {}

  @Test
  void knownAgentsAreServedThroughAnOutageAndEveryRequestIsTraced() throws Exception {
    try (StoppablePostgres pg = new StoppablePostgres().start(); AirlockHarness h = new AirlockHarness()) {
      RecordingUpstream api = h.https("api.example.com");
      h.dbUrl = pg.jdbcUrl();
      h.start();
      List<Sent> sent = new CopyOnWriteArrayList<>();
      AtomicBoolean sending = new AtomicBoolean(true);
      Thread stream = new Thread(() -> {
        int i = 0;
        while (sending.get()) {
          sent.add(curl(h, "https://api.example.com/work?i=" + i++));
        }
      }, "request-stream");
      stream.start();
      try {
        Poll.until(Duration.ofSeconds(30), "requests before the outage", () -> sent.size() >= 5);
        pg.stop();
        Poll.until(Duration.ofSeconds(10), "the node to see its database gone", () -> status(h, "/readyz") == 503);
        int atOutage = sent.size();
        Poll.until(Duration.ofSeconds(60), "requests during the outage", () -> sent.size() >= atOutage + 15);
        pg.start();
        Poll.until(Duration.ofSeconds(30), "the node to see its database back", () -> status(h, "/readyz") == 200);
        int atReturn = sent.size();
        Poll.until(Duration.ofSeconds(30), "requests after the outage", () -> sent.size() >= atReturn + 5);
      } finally {
        sending.set(false);
        stream.join(60_000);
      }

      assertThat(sent).allSatisfy(s -> assertThat(s.status()).as(s.output()).isEqualTo("200"));
      assertThat(api.received()).hasSize(sent.size());
      Set<String> expected = new HashSet<>();
      sent.forEach(s -> expected.add(s.traceId()));
      Set<String> stored = new HashSet<>();
      Poll.until(Duration.ofSeconds(60), "every trace in the database", () -> {
        stored.clear();
        stored.addAll(traceIds(h));
        return stored.containsAll(expected);
      });
    }
  }

  @Test
  void aNodeStartedWhileItsDatabaseIsDownServesOnceItAnswers() throws Exception {
    try (StoppablePostgres pg = new StoppablePostgres(); AirlockHarness h = new AirlockHarness()) {
      h.https("api.example.com");
      h.http("plain.example.com");
      h.dbUrl = pg.jdbcUrl();
      h.start();
      assertThat(h.node.isStoreOpen()).isFalse();
      assertThat(h.node.bootstrap()).isNull();
      // The database says which CA the deployment uses; a node makes none of its own before it knows.
      assertThat(h.dir.resolve("data/ca/ca.pem")).doesNotExist();
      assertThat(h.dir.resolve("data/admin-token")).doesNotExist();

      Clients.Result unverifiable = Clients.run(null, Map.of(), List.of("curl", "-sS", "-i",
          "-x", h.proxyUrl("local-agent", "alk_maybe_valid"), "http://plain.example.com/"));
      assertThat(unverifiable.stdout()).startsWith("HTTP/1.1 503").contains("AUTH_UNAVAILABLE");
      Clients.Result tunnel = Clients.run(null, Map.of(), List.of("curl", "-sS", "-o", "/dev/null", "-w",
          "%{http_connect}", "-x", h.proxyUrl("local-agent", "alk_maybe_valid"), "https://api.example.com/"));
      assertThat(tunnel.stdout()).isEqualTo("503");
      assertThat(status(h, "/healthz")).isEqualTo(200);
      assertThat(status(h, "/readyz")).isEqualTo(503);
      HttpResponse<String> api = get(h, "/api/v1/agents");
      assertThat(api.statusCode()).isEqualTo(503);
      assertThat(AirlockHarness.JSON.readTree(api.body()).at("/error/code").asText()).isEqualTo("unavailable");

      pg.start();
      h.awaitStore(Duration.ofSeconds(60));
      assertThat(h.dir.resolve("data/ca/ca.pem")).exists();
      assertThat(Files.readString(h.dir.resolve("data/quickstart.env")))
          .contains("local-agent:" + h.agentKey + "@127.0.0.1:" + h.proxyPort());
      assertThat(status(h, "/readyz")).isEqualTo(200);
      Sent served = curl(h, "https://api.example.com/now");
      assertThat(served.status()).as(served.output()).isEqualTo("200");
      assertThat(h.admin("GET", "/api/v1/agents", null).at("/data/0/name").asText()).isEqualTo("local-agent");
    }
  }

  /** One request on a new connection (a new curl process), with its status and trace id. */
  private static Sent curl(AirlockHarness h, String url) {
    try {
      Clients.Result r = Clients.run(null, Map.of(), List.of("curl", "-sS", "-o", "/dev/null", "-D", "-",
          "-w", "status=%{http_code}\n", "-x", h.proxyUrl(), "--cacert", h.airlockCa.toString(), url));
      String status = "";
      String trace = null;
      for (String line : r.stdout().split("\r?\n")) {
        if (line.startsWith("status=")) {
          status = line.substring("status=".length());
        } else if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-airlock-trace-id:")) {
          trace = line.substring(line.indexOf(':') + 1).trim();
        }
      }
      return new Sent(status, trace, r.toString());
    } catch (Exception e) {
      return new Sent("error", null, e.toString());
    }
  }

  private static Set<String> traceIds(AirlockHarness h) {
    try {
      Set<String> ids = new HashSet<>();
      for (JsonNode t : h.admin("GET", "/api/v1/traces?limit=1000&since=1h", null).get("data")) {
        ids.add(t.get("id").asText());
      }
      return ids;
    } catch (Exception | AssertionError e) {
      return Set.of();
    }
  }

  private static int status(AirlockHarness h, String path) {
    try {
      return get(h, path).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static HttpResponse<String> get(AirlockHarness h, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.node.adminPort() + path))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
