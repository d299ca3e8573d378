package dev.airlock.proxy.server;

import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.Decision;
import dev.airlock.proxy.policy.Severity;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one WebSocket connection needs to decide its agent's messages like request bodies: an
 * {@link InspectedRequest} per message (method {@code WS}, the handshake's path, the message as
 * body), the verdict, one trace per decided message, and the close reason of a refused one.
 */
final class WebSocketInspection {
  /** The trace reason every decided message carries. */
  static final String WEBSOCKET_MESSAGE = "WEBSOCKET_MESSAGE";
  /** The method of a message's inspected request and trace. */
  static final HttpMethod WS = HttpMethod.valueOf("WS");
  /** Close status of a refused message (RFC 6455 §7.4.1). */
  static final int POLICY_VIOLATION = 1008;
  /** A close frame's reason must fit in 123 bytes (RFC 6455 §5.5). */
  static final int MAX_REASON_BYTES = 123;

  private final ProxyContext px;
  private final Exchange handshake;
  private final HttpRequest head;
  private final Map<String, List<String>> headers;
  private final AgentContext agent;

  /** Reads what it needs from the handshake before that exchange is finished and released. */
  WebSocketInspection(ProxyContext px, Exchange handshake) {
    this.px = px;
    this.handshake = handshake;
    this.head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, WS, handshake.head.uri());
    Map<String, List<String>> h = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : handshake.head.headers()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (!name.equals("proxy-authorization") && !name.startsWith("sec-websocket-") && !name.equals("upgrade")
          && !name.equals("connection") && !name.equals("content-length")) {
        h.computeIfAbsent(name, k -> new ArrayList<>(1)).add(e.getValue());
      }
    }
    this.headers = h;
    this.agent = new AgentContext(handshake.identity.agentName(), handshake.identity.env(),
        handshake.identity.runtimeType(), AgentContext.NEUTRAL_TRUST, 0.0, handshake.identity.scope());
  }

  AgentContext agent() {
    return agent;
  }

  /**
   * The message as a request of the connection's target. Text that looks like JSON is labelled
   * {@code application/json} (so JSON and MCP JSON-RPC normalizers read it), other text
   * {@code text/plain}; binary messages {@code application/octet-stream}, scanned as bytes like
   * such a request body.
   */
  InspectedRequest request(byte[] message, boolean binary, boolean inspected) {
    Map<String, List<String>> h = new LinkedHashMap<>(headers);
    h.put("content-type", List.of(binary ? "application/octet-stream"
        : looksLikeJson(message) ? "application/json" : "text/plain; charset=utf-8"));
    String uri = head.uri();
    return new InspectedRequest(handshake.target.scheme(), handshake.target.host(), handshake.target.port(),
        WS.name(), TraceFactory.pathOf(uri), TraceFactory.queryOf(uri), h, message, inspected,
        handshake.destination == null || handshake.destination.address() == null ? null
            : handshake.destination.address().getAddress());
  }

  private static boolean looksLikeJson(byte[] b) {
    for (byte c : b) {
      if (!Character.isWhitespace(c)) {
        return c == '{' || c == '[';
      }
    }
    return false;
  }

  /** A built-in refusal (e.g. a message too large to inspect under oversize_policy deny). */
  Verdict refusal(InspectedRequest req, String reason) {
    return new Verdict(px.decider().normalize(req), Decision.guard(Action.DENY, reason, Severity.HIGH), Action.DENY,
        List.of(), List.of(), List.of(), null, null, 0);
  }

  /** A new trace id and time for the next message, as a request gets its own. */
  Exchange message(long bytes) {
    Exchange ex = new Exchange(head, handshake.target, handshake.credentials, Unpooled.compositeBuffer(1), 0, 0);
    ex.identity = handshake.identity;
    ex.destination = handshake.destination;
    ex.authDone = true;
    ex.bytesIn = bytes;
    return ex;
  }

  /** Writes the message's one trace: 101 when it went on, 403 when it was refused. */
  void trace(Exchange msg, Verdict v, boolean refused, String outcome, boolean uninspected) {
    msg.verdict = v;
    msg.status = refused ? 403 : 101;
    msg.outcomeReason = outcome;
    try {
      px.traces().accept(TraceFactory.of(px, msg, uninspected
          ? List.of(WEBSOCKET_MESSAGE, Forwarder.BODY_TOO_LARGE) : List.of(WEBSOCKET_MESSAGE)));
    } finally {
      msg.release();
    }
  }

  /** The close reason of a refused message: its reason code and trace id, within 123 bytes. */
  static String closeReason(String code, String traceId) {
    String tail = " trace " + traceId;
    String c = code == null || code.isEmpty() ? "POLICY_DENIED" : code;
    int room = MAX_REASON_BYTES - tail.getBytes(StandardCharsets.UTF_8).length;
    if (c.getBytes(StandardCharsets.UTF_8).length > room) {
      c = c.substring(0, Math.max(0, room)); // reason codes are ASCII
    }
    return c + tail;
  }

  /** The reason code that names why a verdict refused: the first of its decision's reasons. */
  static String code(Verdict v) {
    List<String> reasons = v.decision().reasons();
    return reasons.isEmpty() ? "POLICY_DENIED" : reasons.get(0);
  }
}
