package dev.airlock.proxy.server;

import dev.airlock.proxy.config.ProxyConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * An agent's HTTP/2 connection inside an intercepted tunnel: Netty's frame codec and multiplexer
 * on the connection, and per stream a pipeline that turns the stream into one HTTP/1.1 exchange
 * handled like a request of an HTTP/1.1 tunnel (authenticated per tunnel, inspected, decided,
 * traced on its own). A refusal ends that stream only. The connection keeps its deadlines: idle
 * while no stream is open, none while streams run (each stream has its own head/body deadline).
 */
final class AgentH2 {
  /** SETTINGS_MAX_CONCURRENT_STREAMS offered to agents. */
  static final int MAX_CONCURRENT_STREAMS = 100;
  /** Rapid reset (CVE-2023-44487): more RST_STREAM frames than this per window is a GOAWAY. */
  static final int MAX_RST_PER_WINDOW = 200;
  static final int RST_WINDOW_SECONDS = 30;
  /** CONTINUATION flood: this many small CONTINUATION frames in a row is a GOAWAY. */
  static final int MAX_SMALL_CONTINUATIONS = 16;

  private AgentH2() {}

  /** After ALPN picked h2: the HTTP/1.1 handlers installed for the tunnel make way for HTTP/2. */
  static void replaceHttp1(ChannelPipeline p, String after, ProxyContext px, TunnelInfo tunnel,
      Class<? extends SocketChannel> channelClass, String sniHost) {
    p.remove("decoder");
    p.remove("encoder");
    p.remove("exchange");
    install(p, after, px, tunnel, channelClass, sniHost);
  }

  /** Adds the HTTP/2 handlers after the handler named {@code after}. */
  static void install(ChannelPipeline p, String after, ProxyContext px, TunnelInfo tunnel,
      Class<? extends SocketChannel> channelClass, String sniHost) {
    H2Upstream upstream = new H2Upstream(px, channelClass);
    Connection conn = new Connection(px, upstream);
    p.addAfter(after, "h2", codec(px.config().limits()));
    p.addAfter("h2", "h2streams", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
      @Override
      protected void initChannel(Http2StreamChannel ch) {
        conn.streamOpened(ch);
        ConnectionDeadline deadline = new ConnectionDeadline(px.config().timeouts());
        ch.pipeline().addLast("deadline", deadline);
        ch.pipeline().addLast("guard", new H2RequestGuard(deadline));
        ch.pipeline().addLast("codec", new Http2StreamFrameToHttpObjectCodec(true));
        ch.pipeline().addLast("head", new H2ResponseHead());
        ch.pipeline().addLast("exchange", new ExchangeHandler(px, tunnel, channelClass, sniHost,
            new H2StreamLink(upstream, new UpstreamLink(px, channelClass, px.upstreamPool()))));
      }
    }));
    p.addAfter("h2streams", "h2conn", conn);
    p.channel().writeAndFlush(new DefaultHttp2WindowUpdateFrame(
        H2Upstream.CONNECTION_WINDOW - Http2CodecUtil.DEFAULT_WINDOW_SIZE));
  }

  /** The server codec with the limits of the HTTP/1.1 path and Netty's flood mitigations switched on. */
  static Http2FrameCodec codec(ProxyConfig.Limits limits) {
    Http2Settings settings = Http2Settings.defaultSettings()
        .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
        .initialWindowSize(H2Upstream.STREAM_WINDOW) // request bodies are bounded by the inspection limits
        .maxHeaderListSize(limits.maxHeaderBytes())
        .connectProtocolEnabled(true); // RFC 8441: WebSocket over HTTP/2 (H2RequestGuard, WebSocketRelay)
    return Http2FrameCodecBuilder.forServer()
        .initialSettings(settings)
        .validateHeaders(true)
        .validateRequiredPseudoHeaders(true)
        .decoderEnforceMaxRstFramesPerWindow(MAX_RST_PER_WINDOW, RST_WINDOW_SECONDS)
        .decoderEnforceMaxSmallContinuationFrames(MAX_SMALL_CONTINUATIONS)
        .build();
  }

  /** The connection's own handler: deadlines, handshake count, drain, and the upstream connection's end. */
  static final class Connection extends ChannelInboundHandlerAdapter {
    private final ProxyContext px;
    private final H2Upstream upstream;
    private ConnectionDeadline deadline;
    private int streams;

    Connection(ProxyContext px, H2Upstream upstream) {
      this.px = px;
      this.upstream = upstream;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      deadline = ctx.pipeline().get(ConnectionDeadline.class);
      if (deadline == null) {
        deadline = new ConnectionDeadline(px.config().timeouts());
      }
      deadline.quiet(true);
    }

    void streamOpened(Channel stream) {
      if (streams++ == 0) {
        deadline.requestComplete(); // streams have deadlines of their own
      }
      stream.closeFuture().addListener(f -> {
        if (--streams == 0) {
          deadline.quiet(true);
        }
      });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent hs && hs.isSuccess()) {
        px.stats().clientHandshake();
      } else if (evt == ProxyServer.DRAIN) {
        ctx.channel().close(); // GOAWAY; streams under way finish first
      } else if (evt instanceof ConnectionDeadline.Expired) {
        ctx.close();
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      upstream.close();
      ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      upstream.close();
    }

    /** Connection-level frames (SETTINGS, PING, GOAWAY…) are the codec's business. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // An HTTP/2 error is the codec's to answer (RST_STREAM, or GOAWAY with its code, then close);
      // closing here first would send a polite GOAWAY(NO_ERROR) instead.
      if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) == null) {
        ctx.close();
      }
    }
  }
}
