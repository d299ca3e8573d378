package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.testing.RawH2;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile HTTP/2 from an agent, in hand-made frames: every malformed or smuggling stream is reset
 * (or its connection ended) and the origin receives nothing of it; floods end the connection.
 */
class Http2HardeningTest {
  private static final String HOST = H2Harness.H2_HOST;
  private static final long PROTOCOL_ERROR = 1;
  private static final long CANCEL = 8;
  private static final long ENHANCE_YOUR_CALM = 11;
  private static H2Harness h;

  @BeforeAll
  static void start() throws Exception {
    h = new H2Harness(java.time.Duration.ofSeconds(1));
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static RawH2 agent() throws Exception {
    return new RawH2(h.port, HOST, H2Harness.auth(), h.agentTrust);
  }

  static Stream<Arguments> malformedHeaders() {
    return Stream.of(
        Arguments.of("/bad/no-method",
            new String[] {":scheme", "https", ":authority", HOST, ":path", "/bad/no-method"}),
        Arguments.of("/bad/unknown-pseudo", RawH2.request("GET", HOST, "/bad/unknown-pseudo", ":tunnel", "x")),
        Arguments.of("/bad/pseudo-after-regular", new String[] {":method", "GET", ":scheme", "https", "x-first", "1",
            ":authority", HOST, ":path", "/bad/pseudo-after-regular"}),
        Arguments.of("/bad/connection", RawH2.request("GET", HOST, "/bad/connection", "connection", "keep-alive")),
        Arguments.of("/bad/keep-alive", RawH2.request("GET", HOST, "/bad/keep-alive", "keep-alive", "timeout=5")),
        Arguments.of("/bad/transfer-encoding",
            RawH2.request("GET", HOST, "/bad/transfer-encoding", "transfer-encoding", "chunked")),
        Arguments.of("/bad/upgrade", RawH2.request("GET", HOST, "/bad/upgrade", "upgrade", "websocket")),
        Arguments.of("/bad/te", RawH2.request("GET", HOST, "/bad/te", "te", "gzip")),
        Arguments.of("/bad/crlf", RawH2.request("GET", HOST, "/bad/crlf", "x-note", "a\r\nx-smuggled: 1")),
        Arguments.of("/bad/lf", RawH2.request("GET", HOST, "/bad/lf", "x-note", "a\nGET /other HTTP/1.1")),
        Arguments.of("/bad/nul", RawH2.request("GET", HOST, "/bad/nul", "x-note", "a\0b")),
        Arguments.of("/bad/uppercase", RawH2.request("GET", HOST, "/bad/uppercase", "X-Upper", "1")),
        Arguments.of("/bad/no-path", new String[] {":method", "GET", ":scheme", "https", ":authority", HOST,
            "x-path", "/bad/no-path"}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedHeaders")
  void aMalformedRequestHeadIsResetAndNeverForwarded(String path, String[] fields) throws Exception {
    try (RawH2 c = agent()) {
      c.headers(1, true, fields);
      RawH2.Outcome o = c.outcome(1);
      assertThat(o.kind()).as(path + ": " + o).isIn("RST_STREAM", "GOAWAY");
      // Netty finds a missing :method or :path after it opened the stream, and resets it as CANCEL.
      assertThat(o.code()).as(o.toString())
          .isIn(PROTOCOL_ERROR, path.startsWith("/bad/no-") ? CANCEL : PROTOCOL_ERROR);
    }
    assertNothingForwarded(path);
  }

  @Test
  void aBodyLongerOrShorterThanItsContentLengthIsResetAndNeverForwarded() throws Exception {
    try (RawH2 c = agent()) {
      c.headers(1, false, RawH2.request("POST", HOST, "/bad/longer", "content-length", "5"));
      c.data(1, true, "0123456789");
      RawH2.Outcome o = c.outcome(1);
      assertThat(o.kind()).as(o.toString()).isIn("RST_STREAM", "GOAWAY");
    }
    try (RawH2 c = agent()) {
      c.headers(1, false, RawH2.request("POST", HOST, "/bad/shorter", "content-length", "10"));
      c.data(1, true, "abc");
      RawH2.Outcome o = c.outcome(1);
      assertThat(o.kind()).as(o.toString()).isIn("RST_STREAM", "GOAWAY");
    }
    assertNothingForwarded("/bad/longer");
    assertNothingForwarded("/bad/shorter");
  }

  @Test
  void aHeaderListOverTheHeaderLimitIsRefusedAndNeverForwarded() throws Exception {
    char[] big = new char[40_000]; // max_header_bytes is 32 KiB
    Arrays.fill(big, 'a');
    byte[] block = RawH2.block(RawH2.request("GET", HOST, "/bad/huge", "x-big", new String(big)));
    try (RawH2 c = agent()) {
      int chunk = 16_384;
      for (int at = 0; at < block.length; at += chunk) {
        byte[] part = Arrays.copyOfRange(block, at, Math.min(block.length, at + chunk));
        boolean last = at + chunk >= block.length;
        c.frame(at == 0 ? RawH2.HEADERS : RawH2.CONTINUATION,
            (at == 0 ? RawH2.END_STREAM : 0) | (last ? RawH2.END_HEADERS : 0), 1, part);
      }
      RawH2.Outcome o = c.outcome(1);
      if (o.kind().equals("STATUS")) {
        assertThat(o.code()).as(o.toString()).isEqualTo(431);
      } else {
        assertThat(o.kind()).as(o.toString()).isIn("RST_STREAM", "GOAWAY", "EOF");
      }
    }
    assertNothingForwarded("/bad/huge");
  }

  @Test
  void aContinuationFloodEndsTheConnection() throws Exception {
    byte[] block = RawH2.block(RawH2.request("GET", HOST, "/bad/continuation"));
    try (RawH2 c = agent()) {
      c.frame(RawH2.HEADERS, RawH2.END_STREAM, 1, Arrays.copyOf(block, 4));
      RawH2.Outcome o = null;
      for (int i = 0; i < 10_000 && o == null; i++) {
        try {
          c.frame(RawH2.CONTINUATION, 0, 1, new byte[0]);
        } catch (java.io.IOException closed) {
          o = c.outcome(1);
        }
        if (i == 200) {
          o = c.outcome(1);
        }
      }
      assertThat(o).isNotNull();
      assertThat(o.kind()).as(o.toString()).isIn("GOAWAY", "EOF");
      if (o.kind().equals("GOAWAY")) {
        assertThat(o.code()).isIn(PROTOCOL_ERROR, ENHANCE_YOUR_CALM);
      }
    }
    assertNothingForwarded("/bad/continuation");
  }

  @Test
  void rapidResetEndsTheConnectionWithGoAway() throws Exception {
    try (RawH2 c = agent()) {
      int stream = 1;
      for (int i = 0; i < AgentH2.MAX_RST_PER_WINDOW + 50; i++, stream += 2) {
        try {
          c.headers(stream, false, RawH2.request("POST", HOST, "/bad/rapid-reset"));
          c.frame(RawH2.RST_STREAM, 0, stream, new byte[] {0, 0, 0, 8}); // CANCEL
        } catch (java.io.IOException closed) {
          break;
        }
      }
      RawH2.Outcome o = c.outcome(Integer.MAX_VALUE);
      assertThat(o.kind()).as(o.toString()).isIn("GOAWAY", "EOF");
      if (o.kind().equals("GOAWAY")) {
        assertThat(o.code()).isEqualTo(ENHANCE_YOUR_CALM);
      }
    }
    assertNothingForwarded("/bad/rapid-reset");
  }

  @Test
  void aStreamForAnotherAuthorityIsMisdirectedAndAHostHeaderLosesToAuthority() throws Exception {
    try (RawH2 c = agent()) {
      c.headers(1, true, RawH2.request("GET", "elsewhere.test", "/bad/misdirected"));
      RawH2.Outcome o = c.outcome(1);
      assertThat(o.kind()).as(o.toString()).isEqualTo("STATUS");
      assertThat(o.code()).isEqualTo(421);
      assertThat(o.body()).contains("HOST_MISMATCH");

      c.headers(3, true, RawH2.request("GET", HOST, "/authority-wins", "host", "elsewhere.test"));
      RawH2.Outcome ok = c.outcome(3);
      assertThat(ok.code()).as(ok.toString()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("seen h2 GET /authority-wins 0");
    }
    assertNothingForwarded("/bad/misdirected");
    assertThat(h.h2.seen("/authority-wins").get(0).headers().get("host")).containsExactly(HOST);
  }

  @Test
  void aConnectStreamIsRefusedWithAClearError() throws Exception {
    try (RawH2 c = agent()) {
      c.headers(1, false, ":method", "CONNECT", ":authority", "elsewhere.test:443");
      RawH2.Outcome o = c.outcome(1);
      assertThat(o.code()).as(o.toString()).isEqualTo(501);
      assertThat(o.body()).contains(H2RequestGuard.CONNECT_NOT_SUPPORTED);
      c.headers(3, true, RawH2.request("GET", HOST, "/after-connect"));
      assertThat(c.outcome(3).code()).as("the connection goes on").isEqualTo(200);
    }
  }

  @Test
  void h2cWithPriorKnowledgeInAPlainTunnelIsInspectedAndCarriedOverHttp1() throws Exception {
    try (RawH2 c = new RawH2(h.port, H2Harness.PLAIN_HOST, 80, H2Harness.auth())) {
      c.headers(1, false, ":method", "POST", ":scheme", "http", ":authority", H2Harness.PLAIN_HOST, ":path", "/h2c");
      c.data(1, true, "{\"n\":1}");
      RawH2.Outcome ok = c.outcome(1);
      assertThat(ok.code()).as(ok.toString()).isEqualTo(200);
      c.headers(3, false, ":method", "POST", ":scheme", "http", ":authority", H2Harness.PLAIN_HOST, ":path",
          "/h2c-denied");
      c.data(3, true, "{\"k\":\"AKIAIOSFODNN7EXAMPLE\"}");
      RawH2.Outcome denied = c.outcome(3);
      assertThat(denied.code()).as(denied.toString()).isEqualTo(403);
      assertThat(denied.body()).contains("SECRET_DETECTED");
    }
    assertThat(h.plain.count("POST", "/h2c")).isEqualTo(1);
    assertThat(h.plain.count("POST", "/h2c-denied")).isZero();
  }

  @Test
  void aStreamWhoseBodyStopsGets408AndTheConnectionGoesOn() throws Exception {
    try (RawH2 c = agent()) {
      c.headers(1, false, RawH2.request("POST", HOST, "/bad/stalled", "content-length", "10"));
      c.data(1, false, "01234");
      long started = System.nanoTime();
      RawH2.Outcome o = c.outcome(1);
      assertThat(o.code()).as(o.toString()).isEqualTo(408);
      assertThat(o.body()).contains("REQUEST_TIMEOUT");
      assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(java.time.Duration.ofMillis(900).toNanos());
      c.headers(3, true, RawH2.request("GET", HOST, "/after-stall"));
      assertThat(c.outcome(3).code()).as("the connection goes on").isEqualTo(200);
    }
    assertNothingForwarded("/bad/stalled");
  }

  private static void assertNothingForwarded(String path) {
    assertThat(h.h2.seen(path)).as("the origin received " + path).isEmpty();
  }
}
