package dev.airlock.proxy.server;

import dev.airlock.proxy.exfil.ResponseBody;
import dev.airlock.proxy.exfil.ResponseOrigin;
import dev.airlock.proxy.exfil.ResponseScanner;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Copies the text messages an upstream sends over a WebSocket, fragments joined and within the
 * inspection limit, and hands each to the {@link ResponseScanner} when it ends, as a response
 * body would be. It only copies bytes: the frame itself is relayed untouched.
 */
final class WebSocketTextCapture {
  private final ResponseScanner scanner;
  private final ResponseOrigin origin;
  private final int limit;
  /** The text message being copied, else null (between messages, or inside a binary one). */
  private ByteArrayOutputStream message;

  WebSocketTextCapture(ResponseScanner scanner, ResponseOrigin origin, int limit) {
    this.scanner = scanner;
    this.origin = origin;
    this.limit = limit;
  }

  /** Looks at one frame from the upstream (its reader index untouched). */
  void add(WebSocketFrame f) {
    if (f instanceof TextWebSocketFrame) {
      message = new ByteArrayOutputStream();
    } else if (f instanceof BinaryWebSocketFrame) {
      message = null;
      return;
    } else if (!(f instanceof ContinuationWebSocketFrame)) {
      return; // control frames may come between fragments
    }
    ByteArrayOutputStream m = message;
    if (m == null) {
      return;
    }
    ByteBuf c = f.content();
    int n = Math.min(c.readableBytes(), limit - m.size());
    if (n > 0) {
      byte[] copy = new byte[n];
      c.getBytes(c.readerIndex(), copy);
      m.write(copy, 0, n);
    }
    if (f.isFinalFragment()) {
      message = null;
      if (m.size() > 0) {
        scanner.scan(origin, ResponseBody.ofTexts(List.of(m.toString(StandardCharsets.UTF_8))));
      }
    }
  }
}
