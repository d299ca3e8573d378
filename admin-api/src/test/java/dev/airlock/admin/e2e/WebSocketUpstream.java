package dev.airlock.admin.e2e;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * A real WebSocket origin over TLS, or plain when given no TLS context (Netty's server-side handshake and frame codecs, no
 * extensions): records the handshake headers and every text message it receives (fragments joined), and echoes each
 * text message back, or answers {@link #READ_PROMPT} with {@link #readAnswer}.
 */
final class WebSocketUpstream implements AutoCloseable {
  /** The message that asks for {@link #readAnswer} instead of an echo. */
  static final String READ_PROMPT = "read";

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;
  final List<String> received = new CopyOnWriteArrayList<>();
  final List<io.netty.handler.codec.http.HttpHeaders> handshakes = new CopyOnWriteArrayList<>();
  volatile String readAnswer = "";

  WebSocketUpstream(SSLContext tls) throws InterruptedException {
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (tls != null) {
              SSLEngine engine = tls.createSSLEngine();
              engine.setUseClientMode(false);
              ch.pipeline().addLast(new SslHandler(engine));
            }
            ch.pipeline().addLast(new HttpServerCodec());
            ch.pipeline().addLast(new HttpObjectAggregator(64 * 1024));
            ch.pipeline().addLast(new WebSocketServerProtocolHandler("/", null, false, 4 << 20, false, true));
            ch.pipeline().addLast(new WebSocketFrameAggregator(4 << 20));
            ch.pipeline().addLast(new SimpleChannelInboundHandler<TextWebSocketFrame>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                String text = frame.text();
                received.add(text);
                ctx.writeAndFlush(new TextWebSocketFrame(READ_PROMPT.equals(text) ? readAnswer : text));
              }

              @Override
              public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
                if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hc) {
                  handshakes.add(hc.requestHeaders());
                }
                super.userEventTriggered(ctx, evt);
              }
            });
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  @Override
  public void close() {
    server.close();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
  }
}
