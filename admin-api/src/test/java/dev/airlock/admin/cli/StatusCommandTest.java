package dev.airlock.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StatusCommandTest {
  private static final String STATUS =
      "{\"version\":\"0.1.0\",\"started_at\":\"2026-03-01T10:15:30Z\",\"uptime_seconds\":7384,"
          + "\"proxy_listen\":\"127.0.0.1:3128\",\"admin_listen\":\"127.0.0.1:3180\","
          + "\"database\":\"ready\",\"connections\":{\"active\":3,\"opened\":120},"
          + "\"requests\":{\"total\":1234,\"by_decision\":{\"ALLOW\":1200,\"SANITIZE\":10,\"DENY\":24,"
          + "\"REQUIRE_APPROVAL\":0}},"
          + "\"tls\":{\"agent_handshakes\":118,\"agent_handshake_failures\":2,\"upstream_failures\":1},"
          + "\"cert_cache\":{\"hits\":115,\"misses\":5,\"hit_ratio\":0.9583333,\"entries\":5},"
          + "\"traces\":{\"queued\":0,\"spool_bytes\":1572864,\"written\":1200,\"spooled\":40,\"dropped\":0}}";

  @RegisterExtension final RecordingApiServer server = RecordingApiServer.perTest();

  @Test
  void printsASummaryOfTheNode() {
    server.reply("GET", "/api/v1/status", 200, RecordingApiServer.data(STATUS));

    Cli.Result result = Cli.run(Cli.environment(server), "status");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).isEmpty();
    RecordingApiServer.Received received = server.only();
    assertThat(received.method()).isEqualTo("GET");
    assertThat(received.path()).isEqualTo("/api/v1/status");
    assertThat(received.authorization()).isEqualTo("Bearer test-token");
    assertThat(result.out().lines()).containsExactly(
        "Version       0.1.0",
        "Uptime        2h 3m (since 2026-03-01T10:15:30Z)",
        "Proxy         127.0.0.1:3128",
        "Admin API     127.0.0.1:3180",
        "Database      ready",
        "Connections   3 active (120 since start)",
        "Requests      1234 since start: 1200 ALLOW, 10 SANITIZE, 24 DENY",
        "Traces        0 queued, 1.5 MiB in the spool, 0 dropped",
        "TLS failures  2 with agents (of 120 handshakes), 1 upstream",
        "Cert cache    95.8% hits (115 of 120 intercepted connections)");
  }

  @Test
  void aFreshNodeSaysSoInsteadOfDividingByZero() {
    String fresh = STATUS
        .replace("\"total\":1234,\"by_decision\":{\"ALLOW\":1200,\"SANITIZE\":10,\"DENY\":24,",
            "\"total\":0,\"by_decision\":{\"ALLOW\":0,\"SANITIZE\":0,\"DENY\":0,")
        .replace("\"hits\":115,\"misses\":5,\"hit_ratio\":0.9583333", "\"hits\":0,\"misses\":0,\"hit_ratio\":null")
        .replace("\"database\":\"ready\"", "\"database\":\"unavailable\"")
        .replace("\"uptime_seconds\":7384", "\"uptime_seconds\":42");
    server.reply("GET", "/api/v1/status", 200, RecordingApiServer.data(fresh));

    Cli.Result result = Cli.run(Cli.environment(server), "status");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("Uptime        42s (since")
        .contains("Database      unavailable")
        .contains("Requests      0 since start\n")
        .contains("Cert cache    no intercepted connections yet");
  }

  @Test
  void jsonPrintsTheStatusDocument() throws Exception {
    server.reply("GET", "/api/v1/status", 200, RecordingApiServer.data(STATUS));

    Cli.Result result = Cli.run(Cli.environment(server), "status", "-o", "json");

    assertThat(result.exitCode()).isZero();
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(result.out())).isEqualTo(json.readTree(STATUS));
  }

  @Test
  void anUnreachableNodeIsOneLineAndExitOne() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    Cli.Result result = Cli.run(Map.of("AIRLOCK_URL", "http://127.0.0.1:" + port, "AIRLOCK_ADMIN_TOKEN", "t"),
        "status");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo("airlock: cannot reach the admin API at http://127.0.0.1:" + port
        + " (is 'airlock serve' running?)\n");
  }

  @Test
  void aRejectedTokenIsOneLineAndExitOne() {
    server.reply("GET", "/api/v1/status", 401,
        RecordingApiServer.error("unauthorized", "missing or invalid bearer token (see DATA/admin-token)", null));

    Cli.Result result = Cli.run(Cli.environment(server), "status");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err().lines()).hasSize(1).first().asString().startsWith("airlock: ");
  }

  @Test
  void durationsAndSizesReadNaturally() {
    assertThat(StatusCommand.duration(0)).isEqualTo("0s");
    assertThat(StatusCommand.duration(61)).isEqualTo("1m 1s");
    assertThat(StatusCommand.duration(3_600)).isEqualTo("1h 0m");
    assertThat(StatusCommand.duration(90_061)).isEqualTo("1d 1h 1m");
    assertThat(StatusCommand.bytes(0)).isEqualTo("0 B");
    assertThat(StatusCommand.bytes(1023)).isEqualTo("1023 B");
    assertThat(StatusCommand.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(StatusCommand.bytes(3L << 30)).isEqualTo("3.0 GiB");
  }
}
