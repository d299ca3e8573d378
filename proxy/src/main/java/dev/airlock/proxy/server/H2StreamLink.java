package dev.airlock.proxy.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The upstream side of one agent HTTP/2 stream: a stream of the agent connection's upstream h2
 * connection when the origin speaks h2 (request, response and trailers map one to one), else the
 * HTTP/1.1 pool through {@code http1}, with {@code te} removed (HTTP/1.1 would need it in
 * Connection). Backpressure is the upstream stream channel's autoRead, which Netty ties to the
 * stream's flow-control window: a stream the agent does not read stops being credited upstream.
 */
final class H2StreamLink implements UpstreamSender {
  private final H2Upstream upstream;
  private final UpstreamLink http1;
  /** The exchange under way: its listener, and its upstream stream once open. */
  private UpstreamLink.Listener listener;
  private Reader reader;
  private boolean viaHttp1;

  H2StreamLink(H2Upstream upstream, UpstreamLink http1) {
    this.upstream = upstream;
    this.http1 = http1;
  }

  @Override
  public void send(EventLoop loop, Target t, InetSocketAddress addr, FullHttpRequest request, UpstreamLink.Listener l) {
    abort();
    listener = l;
    if (request.headers().contains(HttpHeaderNames.UPGRADE)) {
      // A WebSocket (RFC 8441 from the agent) goes to the origin as an HTTP/1.1 upgrade.
      viaHttp1 = true;
      http1.send(loop, t, addr, request, l);
      return;
    }
    upstream.acquire(loop, t, addr, new H2Upstream.Ready() {
      @Override
      public void h2(Channel connection) {
        if (listener != l) {
          ReferenceCountUtil.release(request);
          return;
        }
        openStream(connection, request, l);
      }

      @Override
      public void http1() {
        if (listener != l) {
          ReferenceCountUtil.release(request);
          return;
        }
        viaHttp1 = true;
        request.headers().remove(HttpHeaderNames.TE);
        http1.send(loop, t, addr, request, l);
      }

      @Override
      public void failed(Throwable cause) {
        ReferenceCountUtil.release(request);
        if (listener == l) {
          listener = null;
          l.onUpstreamFailure(cause);
        }
      }
    });
  }

  private void openStream(Channel connection, FullHttpRequest request, UpstreamLink.Listener l) {
    Reader r = new Reader(l);
    reader = r;
    new Http2StreamChannelBootstrap(connection).handler(new ChannelInitializer<Http2StreamChannel>() {
      @Override
      protected void initChannel(Http2StreamChannel ch) {
        ch.pipeline().addLast("codec", new Http2StreamFrameToHttpObjectCodec(false));
        ch.pipeline().addLast("relay", r);
      }
    }).open().addListener(f -> {
      if (!f.isSuccess()) {
        ReferenceCountUtil.release(request);
        r.fail(f.cause());
        return;
      }
      Http2StreamChannel ch = (Http2StreamChannel) f.getNow();
      r.channel = ch;
      if (r.listener == null) {
        ReferenceCountUtil.release(request); // aborted while the stream opened
        ch.close();
        return;
      }
      ch.writeAndFlush(request).addListener(w -> {
        if (!w.isSuccess()) {
          r.fail(w.cause());
          ch.close();
        }
      });
    });
  }

  @Override
  public void setAutoRead(boolean on) {
    if (viaHttp1) {
      http1.setAutoRead(on);
      return;
    }
    Reader r = reader;
    if (r != null && r.channel != null) {
      r.channel.config().setAutoRead(on);
    }
  }

  @Override
  public void abort() {
    listener = null;
    if (viaHttp1) {
      viaHttp1 = false;
      http1.abort();
    }
    Reader r = reader;
    reader = null;
    if (r != null) {
      r.listener = null;
      if (r.channel != null) {
        r.channel.close(); // RST_STREAM(CANCEL) unless the stream had ended
      }
    }
  }

  @Override
  public void close() {
    abort();
    http1.close();
  }

  /** Hands the response parts of one upstream stream to the exchange; a stream that ends early is a failure. */
  private static final class Reader extends ChannelInboundHandlerAdapter {
    UpstreamLink.Listener listener;
    Http2StreamChannel channel;
    private Throwable cause;

    Reader(UpstreamLink.Listener listener) {
      this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      UpstreamLink.Listener l = listener;
      if (l == null || (msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL)) {
        ReferenceCountUtil.release(msg); // 1xx interim answers are not relayed (as on HTTP/1.1)
        return;
      }
      if (msg instanceof LastHttpContent) {
        listener = null;
      }
      if (msg instanceof FullHttpResponse full) {
        // A response in one HEADERS frame: head and end apart, as the relay expects them.
        l.onResponse(new DefaultHttpResponse(full.protocolVersion(), full.status(), full.headers()));
        l.onResponse(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
      } else if (msg instanceof HttpObject part) {
        l.onResponse(part);
      } else {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      this.cause = cause;
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      fail(cause != null ? cause : new IOException("upstream reset the stream before its response ended"));
      ctx.fireChannelInactive();
    }

    void fail(Throwable c) {
      UpstreamLink.Listener l = listener;
      listener = null;
      if (l != null) {
        l.onUpstreamFailure(c);
      }
    }
  }
}
