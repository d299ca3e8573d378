package dev.airlock.proxy.server;

import dev.airlock.proxy.exfil.ResponseBody;
import dev.airlock.proxy.exfil.ResponseOrigin;
import dev.airlock.proxy.exfil.ResponseScanner;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Copies what a response relayed to an agent carries, up to the inspection limit, for the
 * {@link ResponseScanner}: on the event loop it only copies bytes (the relay neither waits nor
 * keeps a buffer); decoding and scanning happen on the scanner's threads, except for small plain
 * bodies, which cost less to scan than to hand over ({@link ResponseBody#small()}). An unencoded
 * {@code text/event-stream} is read event by event, each batch of complete events handed over as
 * it arrives; any other body (and an encoded stream) is handed over whole when it ends.
 */
final class ResponseCapture {
  private final ResponseScanner scanner;
  private final ResponseOrigin origin;
  private final int limit;
  private final String codings;
  private final boolean eventStream;
  private final SseEvents events;
  private final ByteArrayOutputStream raw;
  /** No room was left for more bytes: the capture keeps what it has. */
  private boolean cut;

  private ResponseCapture(ResponseScanner scanner, ResponseOrigin origin, int limit, String codings,
      boolean eventStream) {
    this.scanner = scanner;
    this.origin = origin;
    this.limit = limit;
    this.codings = codings;
    this.eventStream = eventStream;
    this.events = eventStream && codings == null ? new SseEvents(limit) : null;
    this.raw = events == null ? new ByteArrayOutputStream() : null;
  }

  /** A capture for this response, or null when it is not to be scanned. */
  static ResponseCapture open(ProxyContext px, Exchange ex, HttpResponse head) {
    ResponseScanner scanner = px.responses();
    if (!scanner.enabled() || ex.identity == null || ex.verdict == null || px.config().inspectMaxBytes() == 0) {
      return null;
    }
    ResponseOrigin origin = new ResponseOrigin(ex.identity.env(), ex.identity.agentName(), ex.verdict.call().tool(),
        ex.target.host());
    return of(scanner, origin, (int) px.config().inspectMaxBytes(), head.headers());
  }

  /** A capture of a response with these headers, or null when its media carry no text. */
  static ResponseCapture of(ResponseScanner scanner, ResponseOrigin origin, int limit, HttpHeaders headers) {
    String type = headers.get(HttpHeaderNames.CONTENT_TYPE, "").toLowerCase(Locale.ROOT);
    if (binary(type)) {
      return null;
    }
    String codings = headers.contains(HttpHeaderNames.CONTENT_ENCODING) ? InspectionBody.codings(headers) : null;
    return new ResponseCapture(scanner, origin, limit, codings, type.startsWith("text/event-stream"));
  }

  /** Media that carry no text to scan. */
  private static boolean binary(String type) {
    return type.startsWith("image/") || type.startsWith("audio/") || type.startsWith("video/")
        || type.startsWith("font/");
  }

  /** Copies what {@code content} holds (its reader index untouched), within the limit. */
  void add(ByteBuf content) {
    if (events != null) {
      List<String> done = events.feed(content);
      if (!done.isEmpty()) {
        scanner.scan(origin, ResponseBody.ofTexts(done));
      }
      return;
    }
    int n = Math.min(content.readableBytes(), limit - raw.size());
    if (n > 0 && !cut && !scanner.reserve(n)) {
      cut = true;
    }
    if (n > 0 && !cut) {
      byte[] copy = new byte[n];
      content.getBytes(content.readerIndex(), copy);
      raw.write(copy, 0, n);
    }
  }

  /** The response ended: hands over what is still to scan. */
  void end() {
    if (events != null) {
      List<String> rest = events.finish();
      if (!rest.isEmpty()) {
        scanner.scan(origin, ResponseBody.ofTexts(rest));
      }
      return;
    }
    if (raw.size() == 0) {
      return;
    }
    byte[] body = raw.toByteArray();
    raw.reset();
    boolean small = codings == null && !eventStream && body.length <= ResponseBody.SMALL_CHARS;
    scanner.scan(origin, new ResponseBody() {
      @Override
      public List<String> texts() {
        return ResponseCapture.texts(body, codings, limit, eventStream);
      }

      @Override
      public int reservedBytes() {
        return body.length;
      }

      @Override
      public boolean small() {
        return small;
      }
    });
  }

  /** The response ended without being handed over (cut short, or the agent left): gives back its room. */
  void abandon() {
    if (raw != null && raw.size() > 0) {
      scanner.release(raw.size());
      raw.reset();
    }
  }

  /** The texts of a captured body: decoded, and split into event data for an event stream. */
  static List<String> texts(byte[] body, String codings, int limit, boolean eventStream) {
    byte[] decoded = InspectionBody.decodePrefix(body, codings, limit);
    if (decoded == null || decoded.length == 0) {
      return List.of();
    }
    if (!eventStream) {
      return List.of(new String(decoded, StandardCharsets.UTF_8));
    }
    SseEvents parser = new SseEvents(limit);
    List<String> out = parser.feed(decoded, new ArrayList<>());
    out.addAll(parser.finish());
    return out;
  }
}
