package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.config.OversizePolicy;
import dev.airlock.proxy.config.ProxyConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * gRPC calls through the request path (sent here as HTTP/1.1 absolute-form requests; over HTTP/2
 * each stream reaches the same path): messages decoded for inspection, uninspectable bodies
 * refused, and every refusal a trailers-only gRPC answer. None of these reaches an upstream.
 */
class GrpcExchangeTest {
  private static final String KEY = "AKIAIOSFODNN7EXAMPLE";

  private final TestProxyContexts px = new TestProxyContexts(ProxyConfig.defaults());
  private final EmbeddedChannel ch = px.agentChannel();

  @AfterEach
  void close() {
    ch.finishAndReleaseAll();
  }

  /** A message {title = 1, body = 2}, framed with the compressed flag when gzipped. */
  private static byte[] frame(String title, String body, boolean gzip) throws IOException {
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    for (String[] f : new String[][] {{"1", title}, {"2", body}}) {
      byte[] v = f[1].getBytes(StandardCharsets.UTF_8);
      m.write(Integer.parseInt(f[0]) << 3 | 2);
      m.write(v.length); // short strings only
      m.writeBytes(v);
    }
    byte[] message = m.toByteArray();
    if (gzip) {
      ByteArrayOutputStream z = new ByteArrayOutputStream();
      try (GZIPOutputStream g = new GZIPOutputStream(z)) {
        g.write(message);
      }
      message = z.toByteArray();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(gzip ? 1 : 0);
    out.write(message.length >>> 24);
    out.write(message.length >>> 16);
    out.write(message.length >>> 8);
    out.write(message.length);
    out.writeBytes(message);
    return out.toByteArray();
  }

  private String send(String auth, String extraHeaders, byte[] body) {
    return send(ch, auth, extraHeaders, body);
  }

  private static String send(EmbeddedChannel ch, String auth, String extraHeaders, byte[] body) {
    String head = "POST http://93.184.216.34/notes.v1.Notes/CreateNote HTTP/1.1\r\nHost: 93.184.216.34\r\n"
        + auth + "Content-Type: application/grpc\r\nTE: trailers\r\n" + extraHeaders
        + "Content-Length: " + body.length + "\r\n\r\n";
    ByteBuf all = Unpooled.buffer();
    all.writeCharSequence(head, StandardCharsets.ISO_8859_1);
    all.writeBytes(body);
    ch.writeInbound(all);
    ch.runPendingTasks();
    return TestProxyContexts.written(ch);
  }

  @Test
  void aSecretInAGzipMessageIsPermissionDenied() throws IOException {
    String r = send(TestProxyContexts.AUTH, "grpc-encoding: gzip\r\n", frame("creds", "key " + KEY, true));

    assertThat(r).startsWith("HTTP/1.1 200").contains("content-type: application/grpc\r\n")
        .contains("grpc-status: 7\r\n").contains("grpc-message: Airlock blocked this request: SECRET_DETECTED")
        .contains("content-length: 0\r\n").endsWith("\r\n\r\n");
    assertThat(px.traces).singleElement().satisfies(t -> {
      assertThat(t.decision()).isEqualTo("DENY");
      assertThat(t.operation()).isEqualTo("notes.v1.Notes/CreateNote");
      assertThat(t.dataClasses()).contains("SECRETS.aws_access_key");
      assertThat(t.upstreamMillis()).isEqualTo(-1);
    });
  }

  @Test
  void aFrameCutShortIsRefusedAsUninspectable() throws IOException {
    byte[] whole = frame("title", "body", false);
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 2);

    String r = send(TestProxyContexts.AUTH, "", cut);

    assertThat(r).startsWith("HTTP/1.1 200").contains("grpc-status: 8\r\n")
        .contains("BODY_TOO_LARGE_TO_INSPECT").contains("a gRPC message is cut short");
    assertThat(px.traces).singleElement().satisfies(t -> {
      assertThat(t.decision()).isEqualTo("DENY");
      assertThat(t.reasons()).contains("BODY_TOO_LARGE_TO_INSPECT");
      assertThat(t.upstreamMillis()).isEqualTo(-1);
    });
  }

  @Test
  void anEncodingAirlockCannotUndoIsRefusedAsUninspectable() throws IOException {
    String r = send(TestProxyContexts.AUTH, "grpc-encoding: snappy\r\n", frame("a", "b", true));

    assertThat(r).contains("grpc-status: 8\r\n").contains("grpc-encoding snappy");
  }

  @Test
  void missingCredentialsAreUnauthenticated() throws IOException {
    String r = send("", "", frame("a", "b", false));

    assertThat(r).startsWith("HTTP/1.1 200").contains("grpc-status: 16\r\n")
        .contains("proxy-authenticate: Basic realm=\"airlock\"");
  }

  @Test
  void aBodyThatIsNotGrpcIsStillScannedWhenUninspectableBodiesMayPass() {
    ProxyConfig d = ProxyConfig.defaults();
    TestProxyContexts allowing = new TestProxyContexts(new ProxyConfig("127.0.0.1", 0, d.inspectMaxBytes(),
        OversizePolicy.ALLOW_UNINSPECTED, d.allowedPorts(), d.passthroughHosts(), d.allowPrivate(), d.connectTo(),
        null, d.timeouts(), d.limits(), d.orgDomains(), d.orgGithubOwners(), null));
    EmbeddedChannel agent = allowing.agentChannel();
    try {
      // JSON labelled as gRPC: not readable as gRPC frames, so uninspectable; the label must not
      // let the key through unscanned.
      String r = send(agent, TestProxyContexts.AUTH, "",
          ("{\"note\":\"" + KEY + "\"}").getBytes(StandardCharsets.UTF_8));

      assertThat(r).startsWith("HTTP/1.1 200").contains("grpc-status: 7\r\n").contains("SECRET_DETECTED");
      assertThat(allowing.traces).singleElement().satisfies(t -> {
        assertThat(t.reasons()).contains("SECRET_DETECTED", "BODY_TOO_LARGE_TO_INSPECT");
        assertThat(t.upstreamMillis()).isEqualTo(-1);
      });
    } finally {
      agent.finishAndReleaseAll();
    }
  }
}
