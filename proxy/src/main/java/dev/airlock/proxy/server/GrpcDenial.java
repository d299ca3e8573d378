package dev.airlock.proxy.server;

import dev.airlock.proxy.normalize.grpc.GrpcRequests;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.Decision;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A refusal of a gRPC call as gRPC's own "trailers-only" answer, so that the client fails that call
 * with a status code and a readable message instead of a protocol error about an HTTP 403: HTTP
 * status 200, {@code content-type: application/grpc}, no body, and {@code grpc-status} /
 * {@code grpc-message} in the one header block (over HTTP/2 a full response with empty content is
 * sent as a single HEADERS frame with END_STREAM, which is what trailers-only means).
 *
 * <p>Status codes: {@value #PERMISSION_DENIED} PERMISSION_DENIED for a DENY (a denied or expired
 * approval included), {@value #RESOURCE_EXHAUSTED} RESOURCE_EXHAUSTED for a body too large to
 * inspect, {@value #UNAVAILABLE} UNAVAILABLE while a human approval is pending (retrying the
 * identical call succeeds once it is approved; {@code grpc-retry-pushback-ms} says when, for
 * clients with a retry policy), {@value #UNAUTHENTICATED} UNAUTHENTICATED for missing or bad proxy
 * credentials. {@code grpc-message} carries what the JSON refusal body says: the decision, reasons,
 * rule, tool and operation, the approval, what to do, and the trace id.
 */
final class GrpcDenial {
  static final int PERMISSION_DENIED = 7;
  static final int RESOURCE_EXHAUSTED = 8;
  static final int UNAVAILABLE = 14;
  static final int UNAUTHENTICATED = 16;
  static final String STATUS = "grpc-status";
  static final String MESSAGE = "grpc-message";
  static final String RETRY_PUSHBACK = "grpc-retry-pushback-ms";
  /**
   * grpc-message is cut to this many characters before encoding: clients cap the header block
   * (gRPC's default is 8 KiB of metadata) and fail the call with a less helpful error beyond it.
   */
  static final int MAX_MESSAGE = 1024;

  private GrpcDenial() {}

  /** The refusal of a gRPC call with a decision; {@code approval} is null unless it is about one. */
  static FullHttpResponse refusal(String contentType, HttpResponseStatus httpStatus, Decision d, String tool,
      String operation, String traceId, String detail, DenialBody.ApprovalInfo approval) {
    boolean pending = approval != null && d.action() == Action.REQUIRE_APPROVAL && "pending".equals(approval.status());
    int code = pending ? UNAVAILABLE
        : httpStatus.code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code() ? RESOURCE_EXHAUSTED
        : PERMISSION_DENIED;
    StringBuilder message = new StringBuilder(DenialBody.agentMessage(d, detail, traceId));
    message.append(" (decision ").append(d.action().name())
        .append("; reasons ").append(String.join(",", d.reasons()))
        .append("; rule ").append(d.ruleRef() == null ? "built-in guard" : d.ruleRef())
        .append("; ").append(tool).append('.').append(operation);
    if (approval != null) {
      message.append("; approval ").append(approval.id()).append(' ').append(approval.status());
      if (approval.retryAfterSeconds() > 0) {
        message.append(", retry after ").append(approval.retryAfterSeconds()).append(" s");
      }
    }
    message.append("; trace ").append(traceId).append(')');
    FullHttpResponse r = trailersOnly(contentType, code, message.toString(), traceId);
    if (pending && approval.retryAfterSeconds() > 0) {
      r.headers().set(RETRY_PUSHBACK, Long.toString(approval.retryAfterSeconds() * 1000L));
    }
    return r;
  }

  /** Missing, malformed or unknown proxy credentials: UNAUTHENTICATED, with the Basic challenge kept. */
  static FullHttpResponse unauthenticated(String contentType, String message) {
    FullHttpResponse r = trailersOnly(contentType, UNAUTHENTICATED,
        "Airlock: proxy authentication required: " + message
            + "; send Proxy-Authorization: Basic base64(agent:key) (credentials in the proxy URL)", null);
    r.headers().set(HttpHeaderNames.PROXY_AUTHENTICATE, "Basic realm=\"airlock\"");
    r.headers().set("X-Airlock-Reason", "PROXY_AUTH_REQUIRED");
    return r;
  }

  /** HTTP 200, the call's gRPC content type, an empty body and the status in the headers. */
  static FullHttpResponse trailersOnly(String contentType, int code, String message, String traceId) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, GrpcRequests.isGrpcMediaType(contentType)
        ? mediaType(contentType) : GrpcRequests.MEDIA_TYPE);
    // Framing for HTTP/1.1 agents; over HTTP/2 the empty body ends the stream with the headers.
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    r.headers().set(STATUS, Integer.toString(code));
    String shown = message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
    r.headers().set(MESSAGE, percentEncode(shown));
    if (traceId != null) {
      r.headers().set(ProxyResponses.TRACE_HEADER, traceId);
    }
    return r;
  }

  private static String mediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  /**
   * gRPC's percent-encoding of {@code grpc-message}: the UTF-8 bytes, each outside printable ASCII
   * (0x20-0x7E) or equal to '%' written as {@code %XX}.
   */
  static String percentEncode(String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c >= 0x20 && c <= 0x7e && c != '%') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }
}
