package dev.airlock.proxy.server;

import dev.airlock.proxy.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.config.ConnectTo;
import dev.airlock.proxy.config.ProxyConfig;
import dev.airlock.proxy.testing.HttpHeads;
import dev.airlock.proxy.testing.ScriptedOrigin;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real proxy node in front of a scripted plain-HTTP origin: upstream faults end only their own
 * exchange on a keep-alive agent connection, and idle upstream connections stay within the cap.
 */
class UpstreamFaultsTest {
  private static final int HOSTS = 300;
  private static final int MAX_IDLE = 16;

  private final ScriptedOrigin origin;
  private final TestProxyContexts px;
  private final ProxyServer server;
  private final int port;

  UpstreamFaultsTest() throws Exception {
    origin = new ScriptedOrigin(null);
    origin.on("/close", ScriptedOrigin::closeAfterAnswer);
    origin.on("/idle-close", ScriptedOrigin::idleClose);
    origin.on("/drop", ScriptedOrigin::drop);
    origin.on("/short", ScriptedOrigin::cutShort);
    origin.on("/garbage", ScriptedOrigin::garbage);
    origin.on("/hang", origin.hang());
    origin.on("/continue", ScriptedOrigin::continueThenOk);
    List<ConnectTo> routes = new ArrayList<>();
    for (int i = 0; i < HOSTS; i++) {
      routes.add(ConnectTo.parse("h" + i + ".test:80:127.0.0.1:" + origin.port()));
    }
    ProxyConfig d = ProxyConfig.defaults();
    ProxyConfig.Limits l = d.limits();
    ProxyConfig.Timeouts t = d.timeouts();
    ProxyConfig config = new ProxyConfig("127.0.0.1", 0, d.inspectMaxBytes(), d.oversizePolicy(), d.allowedPorts(),
        d.passthroughHosts(), d.allowPrivate(), routes, null, new ProxyConfig.Timeouts(t.connect(), t.tlsHandshake(),
            t.idle(), t.headerRead(), Duration.ofSeconds(1)),
        new ProxyConfig.Limits(l.maxInitialLineBytes(), l.maxHeaderBytes(), l.maxHeaderCount(),
            l.maxConnectionsPerAgent(), 1, MAX_IDLE, 0, 0, 0),
        d.orgDomains(), d.orgGithubOwners(), null);
    px = new TestProxyContexts(config);
    server = new ProxyServer(px.context);
    port = server.start().getPort();
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    origin.close();
  }

  /** A keep-alive agent connection sending absolute-form requests one at a time. */
  private final class Agent implements AutoCloseable {
    final Socket socket = new Socket("127.0.0.1", port);
    final InputStream in = new BufferedInputStream(socket.getInputStream());
    final OutputStream out = socket.getOutputStream();

    Agent() throws IOException {
      socket.setSoTimeout(20_000);
    }

    String send(String method, String host, String path, String body) throws IOException {
      out.write((method + " http://" + host + path + " HTTP/1.1\r\nHost: " + host + "\r\nProxy-Authorization: "
          + TestProxyContexts.basic(TestProxyContexts.AGENT, TestProxyContexts.KEY) + "\r\n"
          + (body == null ? "" : "Content-Length: " + body.length() + "\r\n") + "\r\n"
          + (body == null ? "" : body)).getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String head = HttpHeads.read(in);
      if (head.isEmpty()) {
        throw new IOException("the proxy closed the connection instead of answering");
      }
      return head + new String(in.readNBytes(HttpHeads.contentLength(head)), StandardCharsets.ISO_8859_1);
    }

    String get(String path) throws IOException {
      return send("GET", "h0.test", path, null);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void eachUpstreamFaultIsAnsweredAndTheAgentConnectionGoesOn() throws Exception {
    try (Agent a = new Agent()) {
      assertThat(a.get("/close")).startsWith("HTTP/1.1 200");
      assertThat(a.get("/ok")).startsWith("HTTP/1.1 200");
      assertThat(a.get("/idle-close")).startsWith("HTTP/1.1 200");
      assertThat(a.get("/ok")).startsWith("HTTP/1.1 200");
      String dropped = a.send("POST", "h0.test", "/drop", "{\"n\":1}");
      assertThat(dropped).startsWith("HTTP/1.1 502").contains("\"code\":\"UPSTREAM_CLOSED\"")
          .contains("may or may not have been processed").doesNotContainIgnoringCase("connection: close");
      assertThat(origin.count("POST", "/drop")).isEqualTo(1);
      origin.die();
      assertThat(a.get("/ok")).startsWith("HTTP/1.1 502").contains("\"code\":\"UPSTREAM_");
      origin.revive();
      assertThat(a.get("/ok")).startsWith("HTTP/1.1 200");
    }
    await(() -> px.traces.size() >= 7);
    assertThat(px.traces).as("one trace per request").hasSize(7);
  }

  @Test
  void aResponseThatIsNotHttpIsAnswered502AndTheAgentConnectionGoesOn() throws Exception {
    try (Agent a = new Agent()) {
      assertThat(a.get("/garbage")).startsWith("HTTP/1.1 502").contains("\"code\":\"UPSTREAM_BAD_RESPONSE\"");
      assertThat(a.get("/ok")).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void anUpstreamThatDoesNotAnswerGets504AndTheAgentConnectionGoesOn() throws Exception {
    try (Agent a = new Agent()) {
      assertThat(a.get("/ok")).startsWith("HTTP/1.1 200");
      assertThat(a.get("/hang")).startsWith("HTTP/1.1 504").contains("\"code\":\"UPSTREAM_TIMEOUT\"")
          .doesNotContainIgnoringCase("connection: close");
      assertThat(a.get("/ok")).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void anInterimResponseIsDroppedAndTheFinalOneRelayed() throws Exception {
    try (Agent a = new Agent()) {
      assertThat(a.get("/continue")).startsWith("HTTP/1.1 200").endsWith("{\"ok\":true}");
      assertThat(a.get("/continue")).startsWith("HTTP/1.1 200").endsWith("{\"ok\":true}");
      assertThat(a.get("/ok")).startsWith("HTTP/1.1 200");
    }
    assertThat(origin.acceptedConnections()).as("the connection went back to the pool each time").isEqualTo(1);
  }

  @Test
  void anAgentThatAskedToCloseIsToldSoWithTheErrorAnswer() throws Exception {
    try (Agent a = new Agent()) {
      a.get("/ok");
      origin.die();
      a.out.write(("GET http://h0.test/ok HTTP/1.1\r\nHost: h0.test\r\nConnection: close\r\nProxy-Authorization: "
          + TestProxyContexts.basic(TestProxyContexts.AGENT, TestProxyContexts.KEY) + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      a.out.flush();
      assertThat(HttpHeads.read(a.in)).startsWith("HTTP/1.1 502").containsIgnoringCase("connection: close");
    }
  }

  @Test
  void aResponseCutShortIsTracedAsIncomplete() throws Exception {
    try (Agent a = new Agent()) {
      a.out.write(("GET http://h0.test/short HTTP/1.1\r\nHost: h0.test\r\nProxy-Authorization: "
          + TestProxyContexts.basic(TestProxyContexts.AGENT, TestProxyContexts.KEY) + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      a.out.flush();
      assertThat(HttpHeads.read(a.in)).startsWith("HTTP/1.1 200");
      assertThat(a.in.readAllBytes()).hasSize(10); // then the proxy closes: the agent sees it cut short
    }
    await(() -> !px.traces.isEmpty());
    assertThat(px.traces).singleElement().satisfies(t -> {
      assertThat(t.status()).isEqualTo(200);
      assertThat(t.reasons()).contains(ResponseRelay.UPSTREAM_RESPONSE_INCOMPLETE);
    });
  }

  @Test
  void manyHostsLeaveAtMostTheCapOfIdleUpstreamConnections() throws Exception {
    try (Agent a = new Agent()) {
      for (int i = 0; i < HOSTS; i++) {
        assertThat(a.send("GET", "h" + i + ".test", "/ok", null)).startsWith("HTTP/1.1 200");
      }
      assertThat(origin.acceptedConnections()).isEqualTo(HOSTS);
      await(() -> origin.openConnections() <= MAX_IDLE);
      assertThat(px.context.upstreamPool().idleCount()).isLessThanOrEqualTo(MAX_IDLE);
      assertThat(px.context.upstreamPool().keyCount()).isLessThanOrEqualTo(MAX_IDLE);
      // The same host again takes its connection back from the pool instead of opening one.
      a.send("GET", "h" + (HOSTS - 1) + ".test", "/ok", null);
      assertThat(origin.acceptedConnections()).isEqualTo(HOSTS);
    }
    origin.die(); // every idle upstream connection closes: nothing of them may stay behind
    await(() -> px.context.upstreamPool().idleCount() == 0 && px.context.upstreamPool().keyCount() == 0);
  }

  @Test
  void overTheUpstreamConnectionCapARequestIsAnsweredAndTheNextOneWorks() throws Exception {
    px.context.upstreamPool().limitOpenConnections(1);
    try (Agent a = new Agent(); Agent b = new Agent()) {
      java.util.concurrent.CompletableFuture<String> held = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return a.get("/hang");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      await(() -> px.context.upstreamPool().openConnections() == 1);
      assertThat(b.send("GET", "h1.test", "/ok", null)).startsWith("HTTP/1.1 503")
          .contains("\"code\":\"UPSTREAM_CONNECTIONS_EXHAUSTED\"");
      assertThat(held.get(20, java.util.concurrent.TimeUnit.SECONDS)).startsWith("HTTP/1.1 504");
      await(() -> px.context.upstreamPool().openConnections() == 0);
      assertThat(b.send("GET", "h1.test", "/ok", null)).as("the same agent connection goes on").startsWith("HTTP/1.1 200");
    }
  }

  private static void await(BooleanSupplier condition) {
    Poll.until(Duration.ofSeconds(15), "the condition", condition);
  }
}
