package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.admin.reliability.NodeProcess;
import dev.airlock.admin.store.StoppablePostgres;
import dev.airlock.certs.CaStore;
import dev.airlock.certs.CertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a deployment CA key, a first node keeps its CA on its disk and the database records which
 * CA it is: a second node with another CA, or with none, refuses to start with one line saying how to
 * share the CA, and starts once it is given the first node's CA files.
 */
class SharedCaEndToEndTest {
  private static final Duration START = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  @Test
  void aSecondNodeMustBeGivenTheFirstNodesCa() throws Exception {
    try (StoppablePostgres pg = new StoppablePostgres().start(); AirlockHarness first = new AirlockHarness()) {
      RecordingUpstream api = first.https("api.example.com");
      first.dbUrl = pg.jdbcUrl();
      first.start();
      CertificateAuthority deployment = first.node.ca();

      Path otherData = dir.resolve("other");
      CertificateAuthority other = new CaStore().loadOrCreate(otherData.resolve("ca"));
      try (NodeProcess node = NodeProcess.builder(otherData).db(pg.jdbcUrl()).launch()) {
        assertThat(node.waitFor(START)).as(node.output()).isEqualTo(1);
        assertThat(errorLines(node)).containsExactly("airlock: this node's CA in " + otherData.resolve("ca")
            + " (" + other.fingerprint().substring(0, 23) + ") is not the deployment's CA recorded in the database ("
            + deployment.fingerprint().substring(0, 23) + "), and every node must present leaves from the same CA:"
            + " copy ca.pem and ca.key from another node's data directory into " + otherData.resolve("ca")
            + ", or start with --adopt-ca and the deployment's CA key (--ca-key-file or AIRLOCK_CA_KEY) to replace"
            + " this node's CA with it; if this node's CA is new on purpose, --record-ca makes it the deployment's"
            + " (see README, \"Several nodes\")");
      }

      Path freshData = dir.resolve("fresh");
      try (NodeProcess node = NodeProcess.builder(freshData).db(pg.jdbcUrl()).launch()) {
        assertThat(node.waitFor(START)).as(node.output()).isEqualTo(1);
        assertThat(errorLines(node)).singleElement().asString()
            .startsWith("airlock: this node has no CA in " + freshData.resolve("ca"))
            .contains("copy ca.pem and ca.key from another node's data directory into " + freshData.resolve("ca"));
        assertThat(freshData.resolve("ca/ca.pem")).as("no CA of its own was made").doesNotExist();
      }

      // Given the first node's files, as the line says, the second node starts and mints from them.
      Files.createDirectories(freshData.resolve("ca"));
      for (String f : List.of(CaStore.CERT_FILE, CaStore.KEY_FILE)) {
        Files.copy(first.airlockCa.resolveSibling(f), freshData.resolve("ca").resolve(f));
      }
      try (NodeProcess node = NodeProcess.builder(freshData).db(pg.jdbcUrl()).upstreamTrust(first.upstreamCa)
          .connectTo("api.example.com:443:127.0.0.1:" + api.port()).start()) {
        Clients.Result r = Clients.run(null, Map.of(), List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
            "-x", "http://local-agent:" + first.agentKey + "@127.0.0.1:" + node.proxyPort(),
            "--cacert", first.airlockCa.toString(), "https://api.example.com/ping"));
        assertThat(r.stdout()).as(r.stderr()).isEqualTo("200");
      }
    }
  }

  /** What the node wrote to stderr: the one line of a refused start. */
  private static List<String> errorLines(NodeProcess node) throws Exception {
    return node.output().lines().filter(l -> l.startsWith("airlock: ") && !l.startsWith("airlock: starting"))
        .toList();
  }
}
