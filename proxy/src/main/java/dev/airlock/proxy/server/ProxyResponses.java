package dev.airlock.proxy.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.airlock.proxy.normalize.GitPush;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.RefUpdate;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.grpc.GrpcRequests;
import dev.airlock.proxy.policy.Decision;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Builds the responses Airlock itself answers with: JSON bodies and X-Airlock-* headers. */
final class ProxyResponses {
  static final String TRACE_HEADER = "X-Airlock-Trace-Id";
  static final String APPROVAL_HEADER = "X-Airlock-Approval-Id";
  private static final JsonFactory JSON = new JsonFactory();

  private ProxyResponses() {}

  /**
   * The answer to a request refused with a decision: a trailers-only gRPC status for a gRPC call
   * ({@link GrpcDenial}), git's own report-status for a git push whose ref updates are known, a
   * JSON-RPC error for a JSON-RPC request (MCP), else the JSON decision body.
   */
  static FullHttpResponse refusal(ByteBufAllocator alloc, HttpResponseStatus status, Decision d, ToolCall call,
      InspectedRequest req, String traceId, String message) {
    return refusal(alloc, status, d, call, req, traceId, message, null);
  }

  /**
   * A refusal about an approval (pending, denied or expired): the decision body with the
   * approval's id, status and {@code retry_after}, plus {@value #APPROVAL_HEADER} and, when
   * retrying helps, {@code Retry-After}.
   */
  static FullHttpResponse refusal(ByteBufAllocator alloc, HttpResponseStatus status, Decision d, ToolCall call,
      InspectedRequest req, String traceId, String message, DenialBody.ApprovalInfo approval) {
    if (GrpcRequests.isGrpc(req)) {
      // gRPC's own answer: the client reads grpc-status and grpc-message, never an HTTP 403 body.
      FullHttpResponse r = GrpcDenial.refusal(req.header("content-type"), status, d, call.tool(), call.operation(),
          traceId, message, approval);
      decisionHeaders(r, d);
      if (approval != null) {
        r.headers().set(APPROVAL_HEADER, approval.id());
      }
      return r;
    }
    FullHttpResponse r = refusalBody(alloc, status, d, call, req, traceId, message, approval);
    if (approval != null) {
      r.headers().set(APPROVAL_HEADER, approval.id());
      if (approval.retryAfterSeconds() > 0) {
        r.headers().setInt(HttpHeaderNames.RETRY_AFTER, approval.retryAfterSeconds());
      }
    }
    return r;
  }

  private static FullHttpResponse refusalBody(ByteBufAllocator alloc, HttpResponseStatus status, Decision d,
      ToolCall call, InspectedRequest req, String traceId, String message, DenialBody.ApprovalInfo approval) {
    GitPush push = call.gitPush();
    if (push != null && !push.refUpdates().isEmpty() && req.bodyInspected()
        && req.method().equals("POST") && req.path().endsWith("/git-receive-pack")) {
      return gitRefusal(alloc, d, push, req, traceId, message);
    }
    JsonRpcDenial.Id rpcId = req.bodyInspected() ? JsonRpcDenial.idOf(req.body()) : null;
    if (rpcId != null) {
      // 200: the JSON-RPC error fails this call only; an MCP client keeps its session.
      ByteBuf body = json(alloc, g -> JsonRpcDenial.write(g, rpcId, d, call.tool(), call.operation(), traceId,
          message));
      FullHttpResponse r = response(HttpResponseStatus.OK, body, traceId);
      decisionHeaders(r, d);
      return r;
    }
    List<JsonRpcDenial.Id> batchIds = req.bodyInspected() ? JsonRpcDenial.batchIdsOf(req.body()) : null;
    if (batchIds != null) {
      // A batch is refused as a whole: every request in it gets the same error, each under its own id.
      ByteBuf body = jsonArray(alloc, batchIds, (g, id) -> JsonRpcDenial.write(g, id, d, call.tool(),
          call.operation(), traceId, message));
      FullHttpResponse r = response(HttpResponseStatus.OK, body, traceId);
      decisionHeaders(r, d);
      return r;
    }
    ByteBuf body = json(alloc, g -> DenialBody.write(g, d, call.tool(), call.operation(), traceId, message,
        approval));
    FullHttpResponse r = response(status, body, traceId);
    decisionHeaders(r, d);
    return r;
  }

  /** 403 (or the given status) with the decision body of a DENY or a pending approval. */
  static FullHttpResponse decision(ByteBufAllocator alloc, HttpResponseStatus status, Decision d, String tool,
      String operation, String traceId, String message) {
    ByteBuf body = json(alloc, g -> DenialBody.write(g, d, tool, operation, traceId, message));
    FullHttpResponse r = response(status, body, traceId);
    decisionHeaders(r, d);
    return r;
  }

  /** 200 with a report-status rejecting every ref: git shows it as "[remote rejected]" and fails. */
  private static FullHttpResponse gitRefusal(ByteBufAllocator alloc, Decision d, GitPush push, InspectedRequest req,
      String traceId, String message) {
    List<String> refs = new ArrayList<>(push.refUpdates().size());
    for (RefUpdate u : push.refUpdates()) {
      refs.add(u.refName());
    }
    byte[] report = GitReportStatus.encode(refs, "airlock: " + DenialBody.agentMessage(d, message, traceId),
        GitReportStatus.wantsSideBand(req.body()));
    ByteBuf body = alloc.buffer(report.length).writeBytes(report);
    FullHttpResponse r = response(HttpResponseStatus.OK, body, traceId);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, GitReportStatus.CONTENT_TYPE);
    decisionHeaders(r, d);
    return r;
  }

  private static void decisionHeaders(FullHttpResponse r, Decision d) {
    r.headers().set("X-Airlock-Decision", d.action().name());
    r.headers().set("X-Airlock-Reason", String.join(",", d.reasons()));
  }

  /** An error Airlock raises itself (bad request, upstream failure, timeout…). */
  static FullHttpResponse error(ByteBufAllocator alloc, HttpResponseStatus status, String code, String message,
      String traceId) {
    ByteBuf body = json(alloc, g -> {
      g.writeObjectFieldStart("error");
      g.writeStringField("code", code);
      g.writeStringField("message", message);
      g.writeEndObject();
      if (traceId != null) {
        g.writeStringField("trace_id", traceId);
      }
    });
    FullHttpResponse r = response(status, body, traceId);
    r.headers().set("X-Airlock-Reason", code);
    return r;
  }

  /**
   * The answer to a request without valid credentials: for a gRPC call ({@code method} and
   * {@code contentType} say so) UNAUTHENTICATED as a trailers-only gRPC answer, else the 407.
   */
  static FullHttpResponse authRequired(ByteBufAllocator alloc, String method, String contentType, String message) {
    return GrpcRequests.isGrpc(method, contentType) ? GrpcDenial.unauthenticated(contentType, message)
        : authRequired(alloc, message);
  }

  /** 407 with the Basic challenge clients such as Java HttpClient and git wait for. */
  static FullHttpResponse authRequired(ByteBufAllocator alloc, String message) {
    FullHttpResponse r = error(alloc, HttpResponseStatus.PROXY_AUTHENTICATION_REQUIRED, "PROXY_AUTH_REQUIRED", message,
        null);
    r.headers().set(HttpHeaderNames.PROXY_AUTHENTICATE, "Basic realm=\"airlock\"");
    return r;
  }

  private static FullHttpResponse response(HttpResponseStatus status, ByteBuf body, String traceId) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    if (traceId != null) {
      r.headers().set(TRACE_HEADER, traceId);
    }
    return r;
  }

  interface JsonBody {
    void write(JsonGenerator g) throws IOException;
  }

  interface JsonElement<T> {
    void write(JsonGenerator g, T item) throws IOException;
  }

  /** A JSON array of one object per item. */
  private static <T> ByteBuf jsonArray(ByteBufAllocator alloc, List<T> items, JsonElement<T> fields) {
    ByteBuf buf = alloc.buffer(256 * items.size());
    try (JsonGenerator g = JSON.createGenerator((java.io.OutputStream) new ByteBufOutputStream(buf))) {
      g.writeStartArray();
      for (T item : items) {
        g.writeStartObject();
        fields.write(g, item);
        g.writeEndObject();
      }
      g.writeEndArray();
    } catch (IOException e) {
      buf.release();
      throw new UncheckedIOException(e);
    }
    return buf;
  }

  private static ByteBuf json(ByteBufAllocator alloc, JsonBody fields) {
    ByteBuf buf = alloc.buffer(256);
    try (JsonGenerator g = JSON.createGenerator((java.io.OutputStream) new ByteBufOutputStream(buf))) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      buf.release();
      throw new UncheckedIOException(e);
    }
    return buf;
  }
}
