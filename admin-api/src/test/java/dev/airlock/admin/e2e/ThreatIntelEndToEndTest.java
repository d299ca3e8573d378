package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.store.Poll;
import dev.airlock.admin.store.StoppablePostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Threat intel through the proxy with real clients: a destination listed by a feed file (by domain)
 * or by a feed added through the admin API (by the address it resolves to) is refused before the
 * upstream is contacted, the agent reads the feed's name, the trace records it, and feeds change
 * without a restart, on every node.
 */
class ThreatIntelEndToEndTest {
  /** What the product promises for feed changes made through the API, on every node. */
  private static final Duration WITHIN_A_SECOND = Duration.ofSeconds(1);

  @Test
  void aDomainListedInAFeedFileIsRefusedAndTheFileIsReloadedWithoutRestart() throws Exception {
    try (AirlockHarness h = new AirlockHarness()) {
      Path feeds = Files.createDirectories(h.dir.resolve("threat-intel"));
      Files.writeString(feeds.resolve("c2-domains.txt"), "# known command and control\nmalware-c2.example\n");
      h.env.put("AIRLOCK_THREAT_INTEL_DIR", feeds.toString());
      RecordingUpstream c2 = h.https("beacon.malware-c2.example");
      RecordingUpstream clean = h.https("api.example.com");
      RecordingUpstream later = h.https("files.later-listed.example");
      RecordingUpstream pinned = h.https("pinned.malware-c2.example");
      h.config("proxy:\n  passthrough_hosts: [pinned.malware-c2.example]\n");
      h.start();

      Clients.Result r = h.curl("-X", "POST", "-d", "{\"host\":\"agent-7\"}", "https://beacon.malware-c2.example/checkin");
      assertThat(r.stdout()).contains("\r\n\r\nHTTP/1.1 403 Forbidden\r\n");
      JsonNode body = AirlockHarness.jsonBody(r.stdout());
      assertThat(body.get("decision").asText()).isEqualTo("DENY");
      assertThat(body.get("reasons")).extracting(JsonNode::asText)
          .containsExactly("THREAT_INTEL_MATCH", "THREAT_INTEL_FEED:c2-domains");
      assertThat(body.get("message").asText())
          .contains("beacon.malware-c2.example is listed by threat-intel feed c2-domains");
      assertThat(body.at("/error/code").asText()).isEqualTo("THREAT_INTEL_MATCH");
      assertThat(c2.received()).as("the listed upstream saw nothing").isEmpty();

      JsonNode trace = h.trace(body.get("trace_id").asText());
      assertThat(trace.get("reasons")).extracting(JsonNode::asText)
          .containsExactly("THREAT_INTEL_MATCH", "THREAT_INTEL_FEED:c2-domains");
      assertThat(trace.get("decision").asText()).isEqualTo("DENY");
      assertThat(trace.get("severity").asText()).isEqualTo("CRITICAL");

      assertThat(status(h, "https://api.example.com/ping")).isEqualTo("200");
      assertThat(clean.received()).hasSize(1);

      // A passthrough host is never intercepted: it is refused at CONNECT, and the refusal is traced.
      Clients.Result tunnel = Clients.run(null, Map.of(), List.of("curl", "-sS", "-o", "/dev/null", "-w",
          "%{http_connect}", "-x", h.proxyUrl(), "--cacert", h.airlockCa.toString(),
          "https://pinned.malware-c2.example/"));
      assertThat(tunnel.stdout()).isEqualTo("403");
      assertThat(pinned.received()).isEmpty();
      Poll.until(Duration.ofSeconds(15), "the refused tunnel's trace",
          () -> traced(h, "pinned.malware-c2.example", "THREAT_INTEL_FEED:c2-domains"));

      // Listed later by editing the file: in force without a restart.
      assertThat(status(h, "https://files.later-listed.example/a")).isEqualTo("200");
      Files.writeString(feeds.resolve("c2-domains.txt"), "later-listed.example\n", StandardOpenOption.APPEND);
      Poll.until(Duration.ofSeconds(10), "the edited feed file to be reloaded",
          () -> status(h, "https://files.later-listed.example/a").equals("403"));
      int reached = later.received().size();
      assertThat(status(h, "https://files.later-listed.example/b")).isEqualTo("403");
      assertThat(later.received()).as("nothing more once listed").hasSize(reached);

      JsonNode listed = h.admin("GET", "/api/v1/threat-intel/feeds", null);
      assertThat(listed.at("/data/0/name").asText()).isEqualTo("c2-domains");
      assertThat(listed.at("/data/0/source").asText()).isEqualTo("file");
      assertThat(listed.at("/data/0/domains").asInt()).isEqualTo(2);
    }
  }

  @Test
  void anAddressBlockAddedThroughTheApiOfOneNodeIsEnforcedByTheOtherWithinASecond() throws Exception {
    try (StoppablePostgres pg = new StoppablePostgres().start();
        AirlockHarness a = new AirlockHarness();
        AirlockHarness b = new AirlockHarness()) {
      a.https("api.example.com");
      RecordingUpstream upstream = b.https("api.example.com");
      AirlockHarness.startSharing(pg.jdbcUrl(), a, b);
      assertThat(status(b, "https://api.example.com/ping")).as("before any feed").isEqualTo("200");
      int seen = upstream.received().size();

      // The upstream is reached at 127.0.0.1 (connect-to): a feed listing its block covers it.
      a.admin("POST", "/api/v1/threat-intel/feeds", """
          {"name": "loopback-c2", "indicators": ["127.0.0.0/30", "::1"]}""");
      Poll.until(WITHIN_A_SECOND, "the other node to enforce the new feed",
          () -> status(b, "https://api.example.com/ping").equals("403"));
      Clients.Result r = Clients.run(null, Map.of(), List.of("curl", "-sS", "-D", "-", "-x",
          b.proxyUrl("local-agent", b.agentKey), "--cacert", b.airlockCa.toString(), "https://api.example.com/ping"));
      JsonNode body = AirlockHarness.jsonBody(r.stdout());
      assertThat(body.get("reasons")).extracting(JsonNode::asText)
          .containsExactly("THREAT_INTEL_MATCH", "THREAT_INTEL_FEED:loopback-c2");
      assertThat(body.get("message").asText()).contains("threat-intel feed loopback-c2");
      assertThat(upstream.received()).as("nothing reached the upstream once it was listed").hasSize(seen);

      a.admin("DELETE", "/api/v1/threat-intel/feeds/loopback-c2", null);
      Poll.until(WITHIN_A_SECOND, "the other node to drop the deleted feed",
          () -> status(b, "https://api.example.com/ping").equals("200"));
    }
  }

  /** Whether a trace of a request to {@code host} carries {@code reason}. */
  private static boolean traced(AirlockHarness h, String host, String reason) {
    try {
      for (JsonNode t : h.admin("GET", "/api/v1/traces?limit=100&since=1h", null).get("data")) {
        if (t.get("host").asText().equals(host) && t.get("reasons").toString().contains(reason)) {
          return true;
        }
      }
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  /** The status of a GET through this node as local-agent. */
  private static String status(AirlockHarness h, String url) {
    try {
      return Clients.run(null, Map.of(), List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-x",
          h.proxyUrl(), "--cacert", h.airlockCa.toString(), url)).stdout();
    } catch (Exception e) {
      return e.toString();
    }
  }
}
