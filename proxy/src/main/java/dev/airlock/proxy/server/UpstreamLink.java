package dev.airlock.proxy.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The upstream connection of one agent connection: opened on the agent's event loop, kept alive
 * and reused for the next request to the same target, replaced when the target changes.
 */
final class UpstreamLink {
  /** Receives the upstream's response parts, on the shared event loop. */
  interface Listener {
    void onResponse(HttpObject part);

    void onUpstreamFailure(Throwable cause, boolean connectPhase);
  }

  private final ProxyContext px;
  private final Class<? extends SocketChannel> channelClass;
  private Channel channel;
  private Target target;
  private InetSocketAddress address;
  private boolean reusable;
  private Listener listener;

  UpstreamLink(ProxyContext px, Class<? extends SocketChannel> channelClass) {
    this.px = px;
    this.channelClass = channelClass;
  }

  /** Sends a request (head + full body), connecting first when needed. */
  void send(EventLoop loop, Target t, InetSocketAddress addr, HttpRequest request, Listener l) {
    this.listener = l;
    if (channel != null && channel.isActive() && reusable && t.equals(target) && addr.equals(address)) {
      reusable = false;
      channel.writeAndFlush(request).addListener(f -> {
        if (!f.isSuccess()) {
          l.onUpstreamFailure(f.cause(), false);
        }
      });
      return;
    }
    close();
    target = t;
    address = addr;
    reusable = false;
    Bootstrap b = new Bootstrap()
        .group(loop)
        .channel(channelClass)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) px.config().timeouts().connect().toMillis())
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (t.tls()) {
              SslHandler ssl = px.upstreamTls().newHandler(ch.alloc(), t.host(), t.port());
              ch.pipeline().addLast("tls", ssl);
            }
            long idle = px.config().timeouts().idle().toMillis();
            ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
            ch.pipeline().addLast("codec", new HttpClientCodec(8192, 64 * 1024, 64 * 1024));
            ch.pipeline().addLast("relay", new ResponseReader());
          }
        });
    ChannelFuture cf = b.connect(addr);
    channel = cf.channel();
    cf.addListener(f -> {
      if (!f.isSuccess()) {
        ReferenceCountUtil.release(request); // never written, so never released by the encoder
        l.onUpstreamFailure(f.cause(), true);
        return;
      }
      cf.channel().writeAndFlush(request).addListener(w -> {
        if (!w.isSuccess()) {
          l.onUpstreamFailure(w.cause(), true);
        }
      });
    });
  }

  /** Lets upstream reads follow the agent's ability to take more data. */
  void setAutoRead(boolean on) {
    if (channel != null) {
      channel.config().setAutoRead(on);
    }
  }

  void close() {
    if (channel != null) {
      Channel c = channel;
      channel = null;
      listener = null;
      c.close();
    }
  }

  private final class ResponseReader extends SimpleChannelInboundHandler<HttpObject> {
    private boolean keepAlive;

    ResponseReader() {
      super(false);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (msg instanceof HttpResponse r) {
        keepAlive = HttpUtil.isKeepAlive(r);
      }
      if (msg instanceof LastHttpContent && ctx.channel() == channel) {
        reusable = keepAlive;
      }
      Listener l = ctx.channel() == channel ? listener : null;
      if (l == null) {
        ReferenceCountUtil.release(msg);
        return;
      }
      l.onResponse(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (ctx.channel() == channel) {
        reusable = false;
        Listener l = listener;
        listener = null;
        if (l != null) {
          l.onUpstreamFailure(new java.nio.channels.ClosedChannelException(), false);
        }
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent) {
        ctx.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      Listener l = ctx.channel() == channel ? listener : null;
      if (ctx.channel() == channel) {
        listener = null;
      }
      ctx.close();
      if (l != null) {
        l.onUpstreamFailure(cause, false);
      }
    }
  }
}
