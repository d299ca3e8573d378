package dev.airlock.admin.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.e2e.Clients;
import dev.airlock.admin.e2e.RecordingUpstream;
import dev.airlock.admin.e2e.TestPki;
import dev.airlock.admin.store.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad credentials sent by curl to a node in its own process: a key in the user-name field is
 * neither traced nor logged (in the admin API, in the node's output, in the database after a
 * graceful stop), a refusal is an authentication outcome and never a policy DENY, and a flood of
 * a thousand bad attempts leaves a handful of trace rows that carry the count.
 */
@Tag("reliability")
class BadCredentialsReliabilityTest {
  private static final int FLOOD = 1000;

  @TempDir
  Path dir;

  @Test
  void badCredentialsAreNeverStoredOrLoggedAndAFloodIsTracedAsACount() throws Exception {
    String key = "sk-live-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    TestPki pki = new TestPki();
    try (RecordingUpstream api = new RecordingUpstream(pki.serverContext("api.example.com"));
        RecordingUpstream plain = new RecordingUpstream(null)) {
      NodeProcess.Builder builder = NodeProcess.builder(dir.resolve("data"))
          .upstreamTrust(pki)
          .connectTo("api.example.com:443:127.0.0.1:" + api.port())
          .connectTo("plain.example.com:80:127.0.0.1:" + plain.port());
      NodeProcess first = builder.start();
      try (first) {
        String at = "@127.0.0.1:" + first.proxyPort();
        // curl sends "key:" for a user name with an empty password, "key:x" for the other forms.
        assertThat(curl(first, "127.0.0.8", "http://" + key + ":" + at, "https://api.example.com/a")).containsOnly("407");
        assertThat(curl(first, "127.0.0.9", "http://" + key + ":x" + at, "http://plain.example.com/b"))
            .containsOnly("407");
        assertThat(curl(first, "127.0.0.10", "http://" + key + ":x" + at, "https://api.example.com/c"))
            .containsOnly("407");
        assertThat(curl(first, "127.0.0.11", "http://local-agent:" + key + at, "https://api.example.com/d"))
            .as("a known agent with a wrong key").containsOnly("407");
        for (String source : List.of("127.0.0.8", "127.0.0.9", "127.0.0.10", "127.0.0.11")) {
          Poll.until(Duration.ofSeconds(30), "the trace of the attempt from " + source,
              () -> tracesFrom(first, source).size() == 1);
          JsonNode t = tracesFrom(first, source).get(0);
          assertThat(t.get("decision").asText()).as(t.toString()).isEqualTo("AUTH_FAILED");
          assertThat(t.get("status").asInt()).isEqualTo(407);
          // The name of an existing agent is kept, never what else the client sent as a name.
          assertThat(t.get("agent").asText()).isEqualTo(source.equals("127.0.0.11") ? "local-agent" : "");
        }

        // The flood: plain requests and CONNECTs from one source, each refused with a 407.
        List<String> answers = curl(first, "127.0.0.7", "http://intruder:guess" + at,
            "http://plain.example.com/flood/[1-" + FLOOD / 2 + "]", "https://api.example.com/flood/[1-" + FLOOD / 2 + "]");
        assertThat(answers).hasSize(FLOOD).containsOnly("407");
        Poll.until(Duration.ofSeconds(30), "the first attempt of the flood traced",
            () -> !tracesFrom(first, "127.0.0.7").isEmpty());
        assertThat(tracesFrom(first, "127.0.0.7")).hasSizeLessThanOrEqualTo(2);
        assertThat(traces(first, "decision=DENY")).isEmpty();
        assertThat(traces(first, "").toString()).doesNotContain(key);
        assertThat(api.received()).isEmpty();
        assertThat(plain.received()).isEmpty();

        // A graceful stop traces what was counted but not traced yet.
        first.sigterm();
        assertThat(first.waitFor(Duration.ofSeconds(60))).as(first.output()).isZero();
        assertThat(first.output()).doesNotContain(key);
        assertThat(first.leakReports()).isEmpty();
      }
      try (NodeProcess again = builder.start()) {
        List<JsonNode> all = traces(again, "");
        assertThat(all.toString()).doesNotContain(key);
        assertThat(traces(again, "decision=DENY")).isEmpty();
        List<JsonNode> flood = tracesFrom(again, "127.0.0.7");
        assertThat(flood).hasSizeBetween(2, 3).allSatisfy(t -> {
          assertThat(t.get("decision").asText()).isEqualTo("AUTH_FAILED");
          assertThat(t.get("agent").asText()).isEmpty();
        });
        assertThat(flood.stream().mapToInt(BadCredentialsReliabilityTest::attempts).sum()).isEqualTo(FLOOD);
        assertThat(all).as("every trace the node stored").hasSizeLessThanOrEqualTo(10);
        again.sigterm();
        assertThat(again.waitFor(Duration.ofSeconds(60))).isZero();
        assertThat(again.output()).doesNotContain(key);
      }
    }
  }

  private static int attempts(JsonNode trace) {
    for (JsonNode r : trace.get("reasons")) {
      if (r.asText().startsWith("ATTEMPTS:")) {
        return Integer.parseInt(r.asText().substring("ATTEMPTS:".length()));
      }
    }
    throw new AssertionError("no attempt count in " + trace);
  }

  private static List<JsonNode> tracesFrom(NodeProcess node, String source) {
    return traces(node, "").stream()
        .filter(t -> t.get("reasons").toString().contains("\"SOURCE:" + source + "\"")).toList();
  }

  private static List<JsonNode> traces(NodeProcess node, String filter) {
    try {
      List<JsonNode> out = new ArrayList<>();
      node.admin("GET", "/api/v1/traces?limit=1000&since=24h&" + filter).get("data").forEach(out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * curl from a source address through the node with these proxy credentials; one answer status
   * per URL (curl's URL globs included): the CONNECT's for https, the request's for http.
   */
  private static List<String> curl(NodeProcess node, String from, String proxy, String... urls) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60", "--interface", from, "-x", proxy,
        "--cacert", node.caFile().toString(), "-w", "%{http_connect} %{http_code}\\n"));
    for (String url : urls) {
      cmd.addAll(List.of("-o", "/dev/null", url));
    }
    Clients.Result r = Clients.run(null, Map.of(), cmd);
    assertThat(r.stdout()).as(r.toString()).isNotBlank();
    return r.stdout().lines().map(l -> l.startsWith("000 ") ? l.substring(4) : l.substring(0, 3)).toList();
  }
}
