package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.admin.AirlockNode;
import dev.airlock.admin.config.ServeFlags;
import dev.airlock.admin.config.SettingsResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A second start on the same data directory reuses the CA, agent, token and database. */
class RestartEndToEndTest {
  @Test
  void secondStartReusesEverythingAndPrintsNoSecret() throws Exception {
    TestPki pki = new TestPki();
    Path dir = Files.createTempDirectory("airlock-restart");
    Path upstreamCa = pki.writeCa(dir.resolve("upstream-ca.pem"));
    try (RecordingUpstream api = new RecordingUpstream(pki.serverContext("api.example.com"))) {
      ServeFlags flags = new ServeFlags(dir.resolve("data"), null, null, "127.0.0.1:0", "127.0.0.1:0", upstreamCa,
          List.of("api.example.com:443:127.0.0.1:" + api.port()), List.of(), Path.of("../conf/policies"), null);
      String ca;
      String key;
      String token;
      try (AirlockNode first = AirlockNode.start(new SettingsResolver(Map.of()).resolve(flags))) {
        assertThat(first.bootstrap().firstStart()).isTrue();
        ca = Files.readString(dir.resolve("data/ca/ca.pem"));
        key = first.bootstrap().newAgentKey().orElseThrow();
        token = first.bootstrap().newAdminToken().orElseThrow();
      }
      try (AirlockNode second = AirlockNode.start(new SettingsResolver(Map.of()).resolve(flags))) {
        assertThat(second.bootstrap().firstStart()).isFalse();
        assertThat(second.bootstrap().newAgentKey()).isEmpty();
        assertThat(second.bootstrap().newAdminToken()).isEmpty();
        assertThat(Files.readString(dir.resolve("data/ca/ca.pem"))).isEqualTo(ca);
        assertThat(Files.readString(dir.resolve("data/admin-token")).trim()).isEqualTo(token);
        String quickstart = Files.readString(dir.resolve("data/quickstart.env"));
        assertThat(quickstart).contains("local-agent:" + key + "@127.0.0.1:" + second.proxyPort());
        Clients.Result r = Clients.run(null, Map.of(), List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
            "-x", "http://local-agent:" + key + "@127.0.0.1:" + second.proxyPort(),
            "--cacert", dir.resolve("data/ca/ca.pem").toString(), "https://api.example.com/again"));
        assertThat(r.stdout()).isEqualTo("200");
      }
    }
  }
}
