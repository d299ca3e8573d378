package dev.airlock.bench.load;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import java.net.URI;

/**
 * The WebSocket side of a connection: the upgrade handshake on the workload's path (sent at once: the connection is already open, tunnelled and encrypted), then each text message
 * received is the answer to the one sent before it.
 */
final class WebSocketAnswers extends ChannelInboundHandlerAdapter {
  static final int MAX_FRAME = 4 * 1024 * 1024;

  private final WebSocketClientHandshaker handshaker;
  private final ResponseListener listener;
  private final Promise<Channel> ready;

  private WebSocketAnswers(WebSocketClientHandshaker handshaker, ResponseListener listener, Promise<Channel> ready) {
    this.handshaker = handshaker;
    this.listener = listener;
    this.ready = ready;
  }

  /** Starts the upgrade; {@code ready} completes once the server accepted it. */
  static void open(Channel ch, Target target, String path, ResponseListener listener, Promise<Channel> ready) {
    URI uri = URI.create("wss://" + target.authority() + path);
    WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory
        .newHandshaker(uri, WebSocketVersion.V13, null, false, EmptyHttpHeaders.INSTANCE, MAX_FRAME);
    ch.pipeline().addLast("http", new HttpClientCodec());
    ch.pipeline().addLast("aggregate", new HttpObjectAggregator(64 * 1024));
    ch.pipeline().addLast("answer", new WebSocketAnswers(handshaker, listener, ready));
    handshaker.handshake(ch).addListener(f -> {
      if (!f.isSuccess()) {
        ready.tryFailure(f.cause());
        ch.close();
      }
    });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (!handshaker.isHandshakeComplete()) {
        if (msg instanceof FullHttpResponse response) {
          handshaker.finishHandshake(ctx.channel(), response); // throws unless 101 with the right accept key
          ready.trySuccess(ctx.channel());
        }
      } else if (msg instanceof TextWebSocketFrame frame && frame.isFinalFragment()) {
        listener.onResponse(200, true);
      } else if (msg instanceof CloseWebSocketFrame) {
        ctx.close();
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ready.tryFailure(new IllegalStateException("closed before the WebSocket handshake completed"));
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ready.tryFailure(cause);
    ctx.close();
  }
}
