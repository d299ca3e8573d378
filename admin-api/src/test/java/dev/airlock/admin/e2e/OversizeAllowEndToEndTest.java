package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With oversize_policy allow_uninspected, large bodies go through uninspected and say so in the trace. */
class OversizeAllowEndToEndTest {
  static AirlockHarness h;
  static RecordingUpstream api;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    h.config("proxy:\n  inspect_max_bytes: 1024\n  oversize_policy: allow_uninspected\n");
    api = h.https("api.example.com");
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private Clients.Result post(Path body) throws Exception {
    return Clients.run(null, Map.of(), List.of("curl", "-sS", "--max-time", "20", "-D", "-", "-x", h.proxyUrl(),
        "--cacert", h.airlockCa.toString(), "-H", "Content-Type: text/plain", "--data-binary", "@" + body,
        "https://api.example.com/upload"));
  }

  @Test
  void largeBodyIsForwardedUninspectedAndTraced() throws Exception {
    String content = "x".repeat(4000) + " AKIAIOSFODNN7EXAMPLE";
    Clients.Result r = post(Files.writeString(h.dir.resolve("large.txt"), content));
    assertThat(r.stdout()).contains("HTTP/1.1 200");
    assertThat(api.received().get(api.received().size() - 1).bodyText()).isEqualTo(content);
    String traceId = r.stdout().replaceAll("(?is).*x-airlock-trace-id: (trc_[0-9a-f]+).*", "$1");
    JsonNode t = h.trace(traceId);
    assertThat(t.get("reasons").toString()).contains("BODY_TOO_LARGE_TO_INSPECT");
    assertThat(t.get("bytes_in").asLong()).isEqualTo(content.length());
  }

  @Test
  void smallBodiesAreStillInspected() throws Exception {
    Clients.Result r = post(Files.writeString(h.dir.resolve("small.txt"), "key AKIAIOSFODNN7EXAMPLE"));
    assertThat(r.stdout()).contains("HTTP/1.1 403").contains("SECRET_DETECTED");
  }
}
