package dev.airlock.proxy.server;

import dev.airlock.proxy.spi.AgentIdentity;
import dev.airlock.proxy.trace.TraceIds;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.time.Instant;

/** The state of one request/response exchange on an agent connection. */
final class Exchange {
  final Instant started = TraceIds.now();
  /** Carries the millisecond of {@link #started}, so ids and times of traces sort alike. */
  final String traceId = TraceIds.at(started.toEpochMilli());
  final HttpRequest head;
  final Target target;
  final ProxyCredentials credentials;
  private final CompositeByteBuf body;
  private final long inspectLimit;
  private final long hardLimit;

  AgentIdentity identity;
  boolean authDone;
  Destination destination;
  boolean bodyComplete;
  boolean oversize;
  /** The body's Content-Encoding could not be decoded (unknown, corrupt, or expands past the limit). */
  boolean undecodable;
  /** Why the body could not be read for inspection when the reason is not its Content-Encoding, else null. */
  String uninspectableWhy;
  boolean tooLargeToForward;
  /** The error code refusing a protocol Airlock does not relay (see {@link ProtocolSupport}), else null. */
  String unsupported;
  /** The request is a WebSocket handshake: relayed with its upgrade headers, then as frames. */
  boolean websocket;
  /**
   * For an agent's RFC 8441 WebSocket (on HTTP/2): the {@code Sec-WebSocket-Key} Airlock sent the
   * origin, whose {@code Sec-WebSocket-Accept} it checks itself; else null.
   */
  String webSocketKey;
  /** The request came on an HTTP/2 stream of the agent (one exchange per stream). */
  boolean h2;
  long bytesIn;
  long bytesOut;
  Verdict verdict;
  int status;
  long upstreamStartNanos;
  long upstreamMillis = -1;
  boolean responseStarted;
  boolean closeAfter;
  /** Whether the agent asked to keep its connection open (read before the head is edited for upstream). */
  boolean agentKeepAlive;
  boolean finished;
  /** The request is being inspected on a worker thread; the verdict comes back to the event loop. */
  boolean deciding;
  /** What of the response is being copied for the response scanner, while it is relayed; else null. */
  ResponseCapture capture;
  /** Reason code for outcomes that are not policy decisions (auth, timeouts, upstream errors). */
  String outcomeReason;
  /** Refused for its credentials: traced by {@link AuthAttempts}, not one trace per request. */
  AuthAttempts.Outcome authOutcome;
  /** The approval this request asked for or went through on, else null. */
  String approvalId;
  /** Stops waiting for an approval decision (the hold's timer and the gate's waiter), else null. */
  Runnable stopHolding;
  /** The claimed agent name when authentication could not finish and that agent exists, else null. */
  String knownAgent;

  Exchange(HttpRequest head, Target target, ProxyCredentials credentials, CompositeByteBuf body, long inspectLimit,
      long hardLimit) {
    this.head = head;
    this.target = target;
    this.credentials = credentials;
    this.body = body;
    this.inspectLimit = inspectLimit;
    this.hardLimit = hardLimit;
  }

  /** Takes ownership of the content; returns true when it was the last part. */
  boolean addContent(HttpContent c) {
    ByteBuf data = c.content();
    int n = data.readableBytes();
    bytesIn += n;
    if (bytesIn > inspectLimit) {
      oversize = true;
    }
    if (bytesIn > hardLimit) {
      tooLargeToForward = true;
    }
    if (n > 0 && !tooLargeToForward) {
      body.addComponent(true, data.retain());
    }
    boolean last = c instanceof io.netty.handler.codec.http.LastHttpContent;
    ReferenceCountUtil.release(c);
    if (last) {
      bodyComplete = true;
    }
    return last;
  }

  ByteBuf body() {
    return body;
  }

  boolean readyToDecide() {
    return bodyComplete && authDone && destination != null;
  }

  void release() {
    if (capture != null) {
      capture.abandon();
      capture = null;
    }
    if (body.refCnt() > 0) {
      body.release();
    }
  }
}
