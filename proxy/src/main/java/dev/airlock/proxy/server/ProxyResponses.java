package dev.airlock.proxy.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
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

/** Builds the responses Airlock itself answers with: JSON bodies and X-Airlock-* headers. */
final class ProxyResponses {
  static final String TRACE_HEADER = "X-Airlock-Trace-Id";
  private static final JsonFactory JSON = new JsonFactory();

  private ProxyResponses() {}

  /** 403 (or the given status) with the decision body of a DENY or a pending approval. */
  static FullHttpResponse decision(ByteBufAllocator alloc, HttpResponseStatus status, Decision d, String tool,
      String operation, String traceId, String message) {
    ByteBuf body = json(alloc, g -> {
      g.writeStringField("decision", d.action().name());
      g.writeArrayFieldStart("reasons");
      for (String r : d.reasons()) {
        g.writeString(r);
      }
      g.writeEndArray();
      g.writeStringField("rule", d.ruleRef());
      g.writeStringField("tool", tool);
      g.writeStringField("operation", operation);
      g.writeStringField("severity", d.severity().name());
      g.writeStringField("trace_id", traceId);
      g.writeStringField("message", message);
    });
    FullHttpResponse r = response(status, body, traceId);
    r.headers().set("X-Airlock-Decision", d.action().name());
    r.headers().set("X-Airlock-Reason", String.join(",", d.reasons()));
    return r;
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
