package dev.airlock.admin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.store.Ids;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Aggregates request bodies up to a limit and answers larger ones with a JSON 413, then closes the
 * connection without losing that answer to a reset.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
  /** How long a connection answered with 413 may still send before it is closed. */
  static final Duration LINGER = Duration.ofSeconds(2);

  private final Envelope envelope;
  private final ObjectMapper json;

  BodyLimitAggregator(int maxBytes, Envelope envelope, ObjectMapper json) {
    super(maxBytes);
    this.envelope = envelope;
    this.json = json;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized)
      throws JsonProcessingException {
    String requestId = Ids.newId("req");
    ApiResponse error =
        envelope.error(requestId, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
            "request body exceeds " + maxContentLength() + " bytes", null);
    byte[] body = json.writeValueAsBytes(error.body());
    FullHttpResponse out =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, error.status(), Unpooled.wrappedBuffer(body));
    out.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
        .set("X-Request-Id", requestId);
    // The rest of the body is still on the wire, so the connection cannot carry another request.
    // Closing at once would make the kernel answer the unread bytes with a reset, which can reach
    // the client before it has read the 413. Instead: send the answer, end our side, drop what
    // still arrives, and close when the client does or after LINGER.
    ctx.writeAndFlush(out).addListener((ChannelFutureListener) written -> lingerThenClose(written.channel()));
  }

  private static void lingerThenClose(Channel ch) {
    if (!ch.isActive()) {
      return;
    }
    ch.pipeline().addFirst("discard-after-413", new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
      }
    });
    ch.eventLoop().schedule(() -> ch.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
    if (ch instanceof SocketChannel socket) {
      socket.shutdownOutput();
    } else {
      ch.close();
    }
  }
}
