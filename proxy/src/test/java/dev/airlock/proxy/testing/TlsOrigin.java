package dev.airlock.proxy.testing;

import dev.airlock.certs.CertificateAuthority;
import dev.airlock.certs.LeafCertificate;
import dev.airlock.certs.LeafMinter;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTPS origin on Netty with a certificate from its own test CA: HTTP/2 (ALPN h2, then
 * http/1.1) or HTTP/1.1 only. Records every request it receives and answers
 * {@code seen <protocol> <method> <path> <body bytes>}; {@code /trailers} answers in parts and ends
 * with trailers ({@code grpc-status: 0}), as a gRPC server does; {@code /big} answers
 * {@link #BIG_BYTES} bytes; {@code /reset} closes the stream (h2) or connection without answering;
 * {@code /trailers-only} is a gRPC error status in a head without body; over HTTP/1.1,
 * {@link #WEBSOCKET_PATH} is a WebSocket echo.
 */
public final class TlsOrigin implements AutoCloseable {
  /** A request as the origin received it. */
  public record Seen(String protocol, String method, String path, Map<String, List<String>> headers, String body) {}

  /** Over HTTP/1.1, a WebSocket endpoint that echoes text messages (and records them). */
  public static final String WEBSOCKET_PATH = "/chat";

  /** The size of the {@code /big} answer. */
  public static final int BIG_BYTES = 1 << 20;

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final List<String> webSocketTexts = new CopyOnWriteArrayList<>();
  private final AtomicInteger webSocketsOpen = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicBoolean bigSent = new java.util.concurrent.atomic.AtomicBoolean();
  private final AtomicInteger connections = new AtomicInteger();
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;

  public TlsOrigin(CertificateAuthority ca, String host, boolean h2) throws Exception {
    LeafCertificate leaf = new LeafMinter(ca).mint(host);
    SslContext ssl = SslContextBuilder.forServer(leaf.privateKey(), leaf.chain())
        .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            h2 ? List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1)
                : List.of(ApplicationProtocolNames.HTTP_1_1)))
        .build();
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            connections.incrementAndGet();
            ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
            ch.pipeline().addLast(new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
              @Override
              protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                  ctx.pipeline().addLast(Http2FrameCodecBuilder.forServer().build());
                  ctx.pipeline().addLast(new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel stream) {
                      stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                          new HttpObjectAggregator(1 << 20), new Answer("h2"));
                    }
                  }));
                } else {
                  ctx.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                      new WebSocketServerProtocolHandler(WEBSOCKET_PATH), new WebSocketEcho(), new Answer("http/1.1"));
                }
              }
            });
          }
        }).bind("127.0.0.1", 0).sync().channel();
  }

  public int port() {
    return ((java.net.InetSocketAddress) server.localAddress()).getPort();
  }

  public List<Seen> seen() {
    return seen;
  }

  /** The WebSocket text messages received on {@link #WEBSOCKET_PATH}. */
  public List<String> webSocketTexts() {
    return webSocketTexts;
  }

  /** WebSocket connections whose handshake completed and that are still open. */
  public int webSocketsOpen() {
    return webSocketsOpen.get();
  }

  /** Requests received for {@code path}. */
  public List<Seen> seen(String path) {
    return seen.stream().filter(s -> s.path().equals(path)).toList();
  }

  /** Whether the whole {@code /big} answer went out (past HTTP/2 flow control, on h2). */
  public boolean bigSent() {
    return bigSent.get();
  }

  /** TCP connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class WebSocketEcho extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame f) {
      webSocketTexts.add(f.text());
      ctx.writeAndFlush(new TextWebSocketFrame("echo " + f.text()));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
        webSocketsOpen.incrementAndGet();
        ctx.channel().closeFuture().addListener(f -> webSocketsOpen.decrementAndGet());
      }
      super.userEventTriggered(ctx, evt);
    }
  }

  private final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final String protocol;

    Answer(String protocol) {
      this.protocol = protocol;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      if (protocol.equals("h2")) {
        // Added by this origin's own stream codec, not received: an h2 hop cannot carry them.
        for (HttpConversionUtil.ExtensionHeaderNames n : HttpConversionUtil.ExtensionHeaderNames.values()) {
          req.headers().remove(n.text());
        }
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      req.headers().forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT),
          k -> new ArrayList<>()).add(h.getValue()));
      String body = req.content().toString(StandardCharsets.UTF_8);
      seen.add(new Seen(protocol, req.method().name(), req.uri(), headers, body));
      if (req.uri().equals("/trailers")) {
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/grpc");
        HttpUtil.setTransferEncodingChunked(head, true);
        ctx.write(head);
        ctx.write(new DefaultHttpContent(Unpooled.copiedBuffer("part-1;", StandardCharsets.UTF_8)));
        LastHttpContent end = new DefaultLastHttpContent(Unpooled.copiedBuffer("part-2", StandardCharsets.UTF_8));
        end.trailingHeaders().set("grpc-status", "0").set("grpc-message", "done");
        ctx.writeAndFlush(end);
        return;
      }
      if (req.uri().equals("/trailers-only")) {
        DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/grpc").set("grpc-status", "5")
            .set("grpc-message", "no such note").setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        ctx.writeAndFlush(r);
        return;
      }
      if (req.uri().equals("/reset")) {
        ctx.close(); // on h2 a reset of this stream only
        return;
      }
      if (req.uri().equals("/big")) {
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, BIG_BYTES);
        ctx.write(head);
        int chunk = 64 * 1024;
        for (int at = 0; at < BIG_BYTES - chunk; at += chunk) {
          ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[chunk])));
        }
        ctx.writeAndFlush(new DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[chunk])))
            .addListener(f -> bigSent.set(f.isSuccess()));
        return;
      }
      byte[] out = ("seen " + protocol + " " + req.method() + " " + req.uri() + " " + req.content().readableBytes())
          .getBytes(StandardCharsets.UTF_8);
      DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
          Unpooled.wrappedBuffer(out));
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
      r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, out.length);
      ctx.writeAndFlush(r);
    }
  }
}
