package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.config.ProxyConfig;
import dev.airlock.proxy.normalize.RefUpdate;
import dev.airlock.proxy.normalize.git.TestRepository;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push whose files and messages cannot all be read is refused like a body too large to inspect
 * (oversize_policy deny), in git's own report-status; a secret in the part that was read still
 * gives the more telling reason. Every case is answered by the proxy: none reaches an upstream.
 */
class GitPushContentGuardTest {
  private static final String KEY = "AKIAIOSFODNN7EXAMPLE";

  private final TestProxyContexts px = new TestProxyContexts(ProxyConfig.defaults());
  private final EmbeddedChannel ch = px.agentChannel();
  @TempDir Path dir;
  private TestRepository repo;

  @BeforeEach
  void open() {
    repo = new TestRepository(dir.resolve("repo.git"));
  }

  @AfterEach
  void close() {
    ch.finishAndReleaseAll();
    repo.close();
  }

  @Test
  void aPushWithADamagedPackIsRefusedAsUninspectable() {
    byte[] body = push("clean change", Map.of("README.md", "# app\n"));
    body[body.length - 1] ^= 0x55; // the pack's trailer checksum

    String r = send(body);

    assertThat(r).startsWith("HTTP/1.1 200").contains("application/x-git-receive-pack-result")
        .contains("ng refs/heads/main airlock: ").contains("BODY_TOO_LARGE_TO_INSPECT");
    assertThat(px.traces).singleElement().satisfies(t -> {
      assertThat(t.decision()).isEqualTo("DENY");
      assertThat(t.reasons()).contains("BODY_TOO_LARGE_TO_INSPECT");
      assertThat(t.upstreamMillis()).isEqualTo(-1);
    });
  }

  @Test
  void aSecretInThePartThatWasReadKeepsItsOwnReason() {
    // A 2 MiB file compresses to little but is over the 1 MiB object limit: the push is not fully
    // inspected, and the key in the commit message is still found.
    byte[] body = push("deploy with " + KEY, Map.of("big.txt", "the same line again\n".repeat(100_000)));

    String r = send(body);

    assertThat(r).startsWith("HTTP/1.1 200").contains("ng refs/heads/main airlock: ").contains("SECRET_DETECTED");
    assertThat(px.traces).singleElement().satisfies(t -> {
      assertThat(t.decision()).isEqualTo("DENY");
      assertThat(t.reasons()).contains("SECRET_DETECTED", "BODY_TOO_LARGE_TO_INSPECT");
      assertThat(t.dataClasses()).contains("SECRETS.aws_access_key");
    });
  }

  @Test
  void aReadablePushWithAKeyInAFileIsDenied() {
    String r = send(push("add settings", Map.of("settings.py", "AWS_KEY = '" + KEY + "'\n")));

    assertThat(r).startsWith("HTTP/1.1 200").contains("ng refs/heads/main airlock: ").contains("SECRET_DETECTED");
    assertThat(px.traces).singleElement().satisfies(t -> {
      assertThat(t.reasons()).containsExactly("SECRET_DETECTED");
      assertThat(t.dataClasses()).containsExactly("SECRETS.aws_access_key");
    });
  }

  private byte[] push(String message, Map<String, String> files) {
    ObjectId c = repo.commit(message, files);
    return TestRepository.receivePackBody(RefUpdate.ZERO_ID, c.name(), "refs/heads/main",
        repo.pack(Set.of(c), Set.of(), true, true).bytes());
  }

  private String send(byte[] body) {
    String head = "POST http://93.184.216.34/acme/app.git/git-receive-pack HTTP/1.1\r\nHost: 93.184.216.34\r\n"
        + TestProxyContexts.AUTH + "Content-Type: application/x-git-receive-pack-request\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n";
    ByteBuf all = Unpooled.buffer();
    all.writeCharSequence(head, StandardCharsets.ISO_8859_1);
    all.writeBytes(body);
    ch.writeInbound(all);
    ch.runPendingTasks();
    return TestProxyContexts.written(ch);
  }
}
