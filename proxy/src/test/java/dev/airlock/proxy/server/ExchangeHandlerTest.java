package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.config.ProxyConfig;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent-facing handler on an EmbeddedChannel: answers before any upstream is involved. */
class ExchangeHandlerTest {
  private final TestProxyContexts px = new TestProxyContexts(ProxyConfig.defaults());
  private final EmbeddedChannel ch = px.agentChannel();

  @AfterEach
  void close() {
    ch.finishAndReleaseAll();
  }

  private String send(String raw) {
    TestProxyContexts.receive(ch, raw);
    return TestProxyContexts.written(ch);
  }

  @Test
  void plainRequestWithoutCredentialsGets407WithChallengeAndAnAuthRequiredTrace() {
    String r = send("GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 407").contains("proxy-authenticate: Basic realm=\"airlock\"")
        .contains("\"code\":\"PROXY_AUTH_REQUIRED\"");
    assertThat(px.traces).singleElement().satisfies(t -> {
      assertThat(t.status()).isEqualTo(407);
      assertThat(t.decision()).isEqualTo("AUTH_REQUIRED");
      assertThat(t.enforcedAction()).isEqualTo("AUTH_REQUIRED");
      assertThat(t.reasons()).containsExactly("AUTH_REQUIRED", "ATTEMPTS:1", "SOURCE:other");
    });
  }

  @Test
  void wrongKeyGets407AndAnAuthFailedTraceNamingTheKnownAgentButNoKey() {
    String r = send("GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\nProxy-Authorization: "
        + TestProxyContexts.basic(TestProxyContexts.AGENT, "wrong-key-1") + "\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 407").contains("proxy-authenticate: Basic realm=\"airlock\"");
    assertThat(px.traces).singleElement().satisfies(t -> {
      assertThat(t.decision()).isEqualTo("AUTH_FAILED");
      assertThat(t.agent()).isEqualTo(TestProxyContexts.AGENT);
      assertThat(t.toString()).doesNotContain("wrong-key-1");
    });
  }

  @Test
  void aKeySentAsTheUserNameIsNotTraced() {
    String r = send("GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\nProxy-Authorization: "
        + TestProxyContexts.basic("sk-live-abc123", "x") + "\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 407");
    assertThat(px.traces).singleElement().satisfies(t -> {
      assertThat(t.decision()).isEqualTo("AUTH_FAILED");
      assertThat(t.agent()).isEmpty();
      assertThat(t.toString()).doesNotContain("sk-live-abc123");
    });
  }

  @Test
  void malformedCredentialsAreAFailureNotAMissingCredential() {
    String r = send("GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\nProxy-Authorization: Basic "
        + java.util.Base64.getEncoder().encodeToString("sk-live-abc123:".getBytes(StandardCharsets.UTF_8))
        + "\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 407");
    assertThat(px.traces).singleElement().satisfies(t -> {
      assertThat(t.decision()).isEqualTo("AUTH_FAILED");
      assertThat(t.toString()).doesNotContain("sk-live-abc123");
    });
  }

  @Test
  void originFormRequestIsRefused() {
    assertThat(send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 400")
        .contains("forward proxy");
  }

  @Test
  void tooManyHeadersGet431() {
    StringBuilder req = new StringBuilder("GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n");
    for (int i = 0; i < 120; i++) {
      req.append("X-H").append(i).append(": v\r\n");
    }
    assertThat(send(req.append("\r\n").toString())).startsWith("HTTP/1.1 431").contains("TOO_MANY_HEADERS");
  }

  @Test
  void connectWithoutPortIsABadRequest() {
    assertThat(send("CONNECT example.com HTTP/1.1\r\nHost: example.com\r\n\r\n")).startsWith("HTTP/1.1 400")
        .contains("BAD_CONNECT_TARGET");
  }

  @Test
  void connectToAPortOutsideTheAllowListIsDenied() {
    String r = send("CONNECT example.com:22 HTTP/1.1\r\nHost: example.com:22\r\nProxy-Authorization: "
        + TestProxyContexts.basic(TestProxyContexts.AGENT, TestProxyContexts.KEY) + "\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 403").contains("\"PORT_NOT_ALLOWED\"").contains("X-Airlock-Decision: DENY");
    assertThat(px.traces).singleElement().satisfies(t -> assertThat(t.agent()).isEqualTo(TestProxyContexts.AGENT));
  }

  @Test
  void connectToTheMetadataAddressIsDenied() {
    String r = send("CONNECT 169.254.169.254:443 HTTP/1.1\r\nHost: 169.254.169.254:443\r\nProxy-Authorization: "
        + TestProxyContexts.basic(TestProxyContexts.AGENT, TestProxyContexts.KEY) + "\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 403").contains("\"PRIVATE_ADDRESS\"");
  }

  @Test
  void secretInAPlainRequestIsDeniedBeforeAnyUpstreamConnection() {
    String body = "{\"k\":\"AKIAIOSFODNN7EXAMPLE\"}";
    String r = send("POST http://93.184.216.34/submit HTTP/1.1\r\nHost: 93.184.216.34\r\nContent-Type: "
        + "application/json\r\nContent-Length: " + body.length() + "\r\nProxy-Authorization: "
        + TestProxyContexts.basic(TestProxyContexts.AGENT, TestProxyContexts.KEY) + "\r\n\r\n" + body);
    assertThat(r).startsWith("HTTP/1.1 403").contains("\"SECRET_DETECTED\"").contains("secrets/deny");
    // The field SDKs print names the reason, the rule and the trace.
    String trace = r.replaceAll("(?s).*\"trace_id\":\"(trc_[^\"]+)\".*", "$1");
    assertThat(r).contains("\"error\":{\"type\":\"airlock_policy_denied\",\"code\":\"SECRET_DETECTED\","
        + "\"message\":\"Airlock blocked this request: SECRET_DETECTED, rule ").contains(", trace " + trace + "\"");
    assertThat(px.traces).singleElement().satisfies(t -> {
      assertThat(t.decision()).isEqualTo("DENY");
      assertThat(t.dataClasses()).containsExactly("SECRETS.aws_access_key");
      assertThat(t.upstreamMillis()).isEqualTo(-1);
    });
  }

  @Test
  void connectionsBeyondTheAgentCapGet429UntilOneCloses() {
    ProxyConfig oneEach = ProxyConfig.defaults();
    oneEach = new ProxyConfig(oneEach.listenHost(), 0, oneEach.inspectMaxBytes(), oneEach.oversizePolicy(),
        oneEach.allowedPorts(), oneEach.passthroughHosts(), oneEach.allowPrivate(), oneEach.connectTo(), null,
        oneEach.timeouts(), new ProxyConfig.Limits(8192, 32768, 100, 1), oneEach.orgDomains(),
        oneEach.orgGithubOwners(), null);
    TestProxyContexts limited = new TestProxyContexts(oneEach);
    // A request whose body has not arrived yet keeps its authenticated connection open.
    String waiting = "POST http://93.184.216.34/ HTTP/1.1\r\nHost: 93.184.216.34\r\nContent-Length: 10\r\n"
        + "Proxy-Authorization: " + TestProxyContexts.basic(TestProxyContexts.AGENT, TestProxyContexts.KEY)
        + "\r\n\r\n";
    EmbeddedChannel first = limited.agentChannel();
    EmbeddedChannel second = limited.agentChannel();
    EmbeddedChannel third = limited.agentChannel();
    try {
      first.writeInbound(Unpooled.copiedBuffer(waiting, StandardCharsets.ISO_8859_1));
      assertThat(drain(first)).isEmpty();
      second.writeInbound(Unpooled.copiedBuffer(waiting, StandardCharsets.ISO_8859_1));
      assertThat(drain(second)).startsWith("HTTP/1.1 429").contains("TOO_MANY_CONNECTIONS");
      first.close();
      third.writeInbound(Unpooled.copiedBuffer(waiting, StandardCharsets.ISO_8859_1));
      assertThat(drain(third)).isEmpty();
      assertThat(limited.context.connectionLimit().open(TestProxyContexts.AGENT)).isEqualTo(1);
    } finally {
      first.finishAndReleaseAll();
      second.finishAndReleaseAll();
      third.finishAndReleaseAll();
    }
  }

  private static String drain(EmbeddedChannel c) {
    c.runPendingTasks();
    return TestProxyContexts.written(c);
  }

  @Test
  void anUnreachableCredentialStoreAnswers503Not407() {
    ProxyContext base = px.context;
    ProxyContext broken = new ProxyContext(base.config(),
        (agent, key) -> java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("store down")),
        base.guard(), base.mitm(), base.upstreamTls(), base.decider(), base.traces(), base.passthrough(), base.stats(),
        base.connectionLimit(), base.upstreamPool());
    EmbeddedChannel c = TestProxyContexts.agentChannel(broken);
    try {
      c.writeInbound(Unpooled.copiedBuffer("GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n"
          + "Proxy-Authorization: " + TestProxyContexts.basic("a", "k") + "\r\n\r\n", StandardCharsets.ISO_8859_1));
      assertThat(drain(c)).startsWith("HTTP/1.1 503").contains("AUTH_UNAVAILABLE").contains("retry-after: 5");
    } finally {
      c.finishAndReleaseAll();
    }
  }
}
