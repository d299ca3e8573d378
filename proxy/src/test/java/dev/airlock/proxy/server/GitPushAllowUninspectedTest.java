package dev.airlock.proxy.server;

import dev.airlock.proxy.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.config.ConnectTo;
import dev.airlock.proxy.config.OversizePolicy;
import dev.airlock.proxy.config.ProxyConfig;
import dev.airlock.proxy.normalize.RefUpdate;
import dev.airlock.proxy.normalize.git.TestRepository;
import dev.airlock.proxy.testing.HttpHeads;
import dev.airlock.proxy.testing.ScriptedOrigin;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With oversize_policy allow_uninspected, a push whose pack cannot all be read goes through and
 * says so in its trace, as a large body does; a secret in the part that was read is still denied.
 */
class GitPushAllowUninspectedTest {
  private static final String PATH = "/acme/app.git/git-receive-pack";

  private final ScriptedOrigin origin;
  private final TestProxyContexts px;
  private final ProxyServer server;
  private final int port;
  @TempDir Path dir;
  private TestRepository repo;

  GitPushAllowUninspectedTest() throws Exception {
    origin = new ScriptedOrigin(null);
    ProxyConfig d = ProxyConfig.defaults();
    ProxyConfig config = new ProxyConfig("127.0.0.1", 0, d.inspectMaxBytes(), OversizePolicy.ALLOW_UNINSPECTED,
        d.allowedPorts(), d.passthroughHosts(), d.allowPrivate(),
        List.of(ConnectTo.parse("git.test:80:127.0.0.1:" + origin.port())), null, d.timeouts(), d.limits(),
        d.orgDomains(), d.orgGithubOwners(), null);
    px = new TestProxyContexts(config);
    server = new ProxyServer(px.context);
    port = server.start().getPort();
  }

  @BeforeEach
  void open() {
    repo = new TestRepository(dir.resolve("repo.git"));
  }

  @AfterEach
  void stop() throws IOException {
    repo.close();
    server.close();
    origin.close();
  }

  @Test
  void aPushWithADamagedPackGoesThroughAndIsTracedAsUninspected() throws Exception {
    byte[] body = push("clean change", Map.of("README.md", "# app\n"));
    body[body.length - 1] ^= 0x55;

    String r = send(body);

    assertThat(r).startsWith("HTTP/1.1 200").contains("{\"ok\":true}");
    assertThat(origin.received()).singleElement().satisfies(q -> {
      assertThat(q.path()).isEqualTo(PATH);
      assertThat(q.body()).isEqualTo(body);
    });
    await(() -> px.traces.size() == 1);
    assertThat(px.traces.get(0).decision()).isEqualTo("ALLOW");
    assertThat(px.traces.get(0).reasons()).contains("BODY_TOO_LARGE_TO_INSPECT");
  }

  @Test
  void aSecretInThePartThatWasReadIsStillDenied() throws Exception {
    byte[] body = push("deploy with AKIAIOSFODNN7EXAMPLE", Map.of("big.txt", "the same line again\n".repeat(100_000)));

    String r = send(body);

    assertThat(r).startsWith("HTTP/1.1 200").contains("ng refs/heads/main airlock: ").contains("SECRET_DETECTED");
    assertThat(origin.count("POST", PATH)).isZero();
    await(() -> px.traces.size() == 1);
    assertThat(px.traces.get(0).reasons()).contains("SECRET_DETECTED", "BODY_TOO_LARGE_TO_INSPECT");
  }

  private byte[] push(String message, Map<String, String> files) {
    ObjectId c = repo.commit(message, files);
    return TestRepository.receivePackBody(RefUpdate.ZERO_ID, c.name(), "refs/heads/main",
        repo.pack(Set.of(c), Set.of(), true, true).bytes());
  }

  private String send(byte[] body) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST http://git.test" + PATH + " HTTP/1.1\r\nHost: git.test\r\n" + TestProxyContexts.AUTH
          + "Content-Type: application/x-git-receive-pack-request\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      InputStream in = new BufferedInputStream(s.getInputStream());
      String head = HttpHeads.read(in);
      return head + new String(in.readNBytes(HttpHeads.contentLength(head)), StandardCharsets.ISO_8859_1);
    }
  }

  private static void await(java.util.function.BooleanSupplier condition) {
    Poll.until(Duration.ofSeconds(15), "the condition", condition);
  }
}
