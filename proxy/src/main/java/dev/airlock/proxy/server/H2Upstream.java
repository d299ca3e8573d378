package dev.airlock.proxy.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;

/**
 * The upstream side of one agent HTTP/2 connection. The first stream opens a TLS connection to
 * the tunnel's target offering ALPN h2 and http/1.1: if the origin picks h2, every stream of the
 * agent connection rides that one upstream connection (a stream each); if it picks HTTP/1.1, the
 * streams go through the shared HTTP/1.1 pool instead and the choice is remembered for the origin.
 * Everything here runs on the agent connection's event loop.
 */
final class H2Upstream {
  /** What a stream waiting for the upstream connection is told. */
  interface Ready {
    /** The origin speaks h2 over {@code connection} (an HTTP/2 client codec and multiplexer). */
    void h2(Channel connection);

    /** The origin speaks HTTP/1.1 only (or the target is plain HTTP): use the pool. */
    void http1();

    void failed(Throwable cause);
  }

  /**
   * Flow-control windows granted to the origin. What a stream may have in flight bounds its
   * throughput (window / round trip); the connection's window bounds what an agent that stops
   * reading can leave buffered here, whatever the number of streams.
   */
  static final int STREAM_WINDOW = 256 * 1024;
  static final int CONNECTION_WINDOW = 1024 * 1024;
  /** As the HTTP/1.1 path's response head limit. */
  static final int MAX_RESPONSE_HEADER_BYTES = 64 * 1024;

  private final ProxyContext px;
  private final Class<? extends SocketChannel> channelClass;
  private Channel connection;
  private boolean ready;
  private boolean closed;
  private final List<Ready> waiting = new ArrayList<>(2);
  /** Earlier connections the origin is winding down (GOAWAY), closed with the agent connection. */
  private final List<Channel> retired = new ArrayList<>(1);

  H2Upstream(ProxyContext px, Class<? extends SocketChannel> channelClass) {
    this.px = px;
    this.channelClass = channelClass;
  }

  /** Tells {@code r} how to reach {@code t}, now or once the connection is set up. */
  void acquire(EventLoop loop, Target t, InetSocketAddress addr, Ready r) {
    if (closed) {
      r.failed(new ClosedChannelException());
      return;
    }
    if (!t.tls() || px.upstreamTls().knownHttp1Only(t.authority())) {
      r.http1();
      return;
    }
    if (connection != null && ready) {
      if (usable(connection)) {
        r.h2(connection);
        return;
      }
      // Closed, or the origin sent GOAWAY: streams under way end there, new ones get a new connection.
      if (connection.isActive()) {
        retired.add(connection);
      }
      connection = null;
      ready = false;
    }
    waiting.add(r);
    if (connection == null) {
      connect(loop, t, addr);
    }
  }

  private static boolean usable(Channel ch) {
    Http2FrameCodec codec = ch.pipeline().get(Http2FrameCodec.class);
    return ch.isActive() && codec != null && !codec.connection().goAwayReceived();
  }

  private void connect(EventLoop loop, Target t, InetSocketAddress addr) {
    ready = false;
    if (!px.upstreamPool().tryOpen()) {
      connection = null;
      settle(null, new UpstreamConnectionsExhausted());
      return;
    }
    Bootstrap b = new Bootstrap()
        .group(loop)
        .channel(channelClass)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) px.config().timeouts().connect().toMillis())
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast("tls", px.upstreamTls().newH2Handler(ch.alloc(), t.host(), t.port()));
            ch.pipeline().addLast("alpn", new Negotiation(t));
          }
        });
    ChannelFuture cf = b.connect(addr);
    Channel ch = cf.channel();
    px.upstreamPool().opened(ch);
    connection = ch;
    cf.addListener(f -> {
      if (!f.isSuccess()) {
        settle(null, f.cause());
      }
    });
    ch.closeFuture().addListener(f -> {
      retired.remove(ch);
      if (connection == ch) {
        connection = null;
        ready = false;
        settle(null, new IOException("upstream " + t.authority() + " closed the connection"));
      }
    });
  }

  /** Completes every waiting stream: with the h2 connection, with HTTP/1.1 (both null), or with a failure. */
  private void settle(Channel h2, Throwable cause) {
    if (waiting.isEmpty()) {
      return;
    }
    List<Ready> now = new ArrayList<>(waiting);
    waiting.clear();
    for (Ready r : now) {
      if (h2 != null) {
        r.h2(h2);
      } else if (cause != null) {
        r.failed(cause);
      } else {
        r.http1();
      }
    }
  }

  /** The agent connection ended: the upstream connection goes with it. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    Channel ch = connection;
    connection = null;
    if (ch != null) {
      ch.close();
    }
    for (Channel old : new ArrayList<>(retired)) {
      old.close();
    }
    settle(null, new ClosedChannelException());
  }

  /** What the origin picked, after the TLS handshake. */
  private final class Negotiation extends ApplicationProtocolNegotiationHandler {
    private final Target t;

    Negotiation(Target t) {
      super(ApplicationProtocolNames.HTTP_1_1);
      this.t = t;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
      Channel ch = ctx.channel();
      if (!ApplicationProtocolNames.HTTP_2.equals(protocol)) {
        px.upstreamTls().rememberHttp1Only(t.authority());
        if (connection == ch) {
          connection = null;
        }
        settle(null, null);
        ch.close();
        return;
      }
      ctx.pipeline().addLast("h2", Http2FrameCodecBuilder.forClient()
          .initialSettings(Http2Settings.defaultSettings()
              .pushEnabled(false)
              .initialWindowSize(STREAM_WINDOW)
              .maxHeaderListSize(MAX_RESPONSE_HEADER_BYTES))
          .validateHeaders(true)
          .build());
      ctx.pipeline().addLast("h2streams", new Http2MultiplexHandler(new RefusePushed()));
      ctx.pipeline().addLast("faults", new CloseOnFault());
      ch.writeAndFlush(new DefaultHttp2WindowUpdateFrame(CONNECTION_WINDOW - Http2CodecUtil.DEFAULT_WINDOW_SIZE));
      if (connection == ch && !closed) {
        ready = true;
        settle(ch, null);
      } else {
        ch.close();
      }
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
      settle(null, cause);
      ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      settle(null, cause);
      ctx.close();
    }
  }

  /** A fault of the connection (not of one stream) closes it; its streams see their channels close. */
  private static final class CloseOnFault extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg); // SETTINGS, PING, GOAWAY: handled by the codec
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) == null) {
        ctx.close();
      }
    }
  }

  /** Server push is switched off in our SETTINGS; a pushed stream anyway is dropped. */
  private static final class RefusePushed extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      ctx.close();
    }
  }
}
