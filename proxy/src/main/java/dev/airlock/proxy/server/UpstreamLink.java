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
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObject;
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
 * The upstream connection of one agent connection: taken from the event loop's pool or opened on
 * the agent's event loop, reused for the next request to the same target, and handed back to the
 * pool when the target changes or the agent connection ends.
 */
final class UpstreamLink {
  /** Receives the upstream's response parts, on the shared event loop. */
  interface Listener {
    void onResponse(HttpObject part);

    void onUpstreamFailure(Throwable cause, boolean connectPhase);
  }

  private final ProxyContext px;
  private final Class<? extends SocketChannel> channelClass;
  private final UpstreamPool pool;
  private Channel channel;
  private UpstreamPool.Key key;

  UpstreamLink(ProxyContext px, Class<? extends SocketChannel> channelClass, UpstreamPool pool) {
    this.px = px;
    this.channelClass = channelClass;
    this.pool = pool;
  }

  /** Sends a request (head + full body), reusing an idle connection to the same target if any. */
  void send(EventLoop loop, Target t, InetSocketAddress addr, FullHttpRequest request, Listener l) {
    UpstreamPool.Key k = new UpstreamPool.Key(t, addr);
    if (channel != null && !(k.equals(key) && reader(channel).idle && channel.isActive())) {
      release();
    }
    if (channel == null) {
      channel = pool.take(k);
      key = k;
    }
    if (channel != null) {
      // A kept-alive connection may have been closed by the server just now: if it fails before
      // any response byte arrives, the request is sent once more on a fresh connection. The spare
      // shares the headers (encoding does not change them) and holds its own view of the body.
      FullHttpRequest spare = new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
          request.content().retainedDuplicate(), request.headers(), request.trailingHeaders());
      ResponseReader r = reader(channel);
      r.start(new RetryOnce(loop, t, addr, spare, l));
      channel.writeAndFlush(request).addListener(f -> {
        if (!f.isSuccess()) {
          r.fail(f.cause());
        }
      });
      return;
    }
    connect(loop, t, addr, request, l);
  }

  private void connect(EventLoop loop, Target t, InetSocketAddress addr, FullHttpRequest request, Listener l) {
    ResponseReader reader = new ResponseReader();
    reader.start(l);
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
            // Reads only (no listener on every write). While a request waits for its response
            // head, the response timeout in ResponseRelay governs instead (ResponseReader).
            ch.pipeline().addLast("idle", new IdleStateHandler(idle, 0, 0, TimeUnit.MILLISECONDS));
            ch.pipeline().addLast("codec", new HttpClientCodec(8192, 64 * 1024, 64 * 1024));
            ch.pipeline().addLast("relay", reader);
          }
        });
    ChannelFuture cf = b.connect(addr);
    channel = cf.channel();
    key = new UpstreamPool.Key(t, addr);
    cf.addListener(f -> {
      if (!f.isSuccess()) {
        ReferenceCountUtil.release(request); // never written, so never released by the encoder
        reader.fail(f.cause(), true);
        return;
      }
      cf.channel().writeAndFlush(request).addListener(w -> {
        if (!w.isSuccess()) {
          reader.fail(w.cause(), true);
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

  /** Ends the link for good: an idle connection goes back to the pool, a busy one is closed. */
  void close() {
    release();
  }

  /** Drops any exchange still waiting on this connection and closes it (timeouts). */
  void abort() {
    if (channel != null) {
      Channel c = channel;
      channel = null;
      reader(c).stop();
      c.close();
    }
  }

  private void release() {
    if (channel == null) {
      return;
    }
    Channel c = channel;
    channel = null;
    ResponseReader r = reader(c);
    r.stop();
    if (r.idle && c.isActive()) {
      c.config().setAutoRead(true);
      pool.offer(key, c);
    } else {
      c.close();
    }
  }

  private static ResponseReader reader(Channel c) {
    return (ResponseReader) c.pipeline().get("relay");
  }

  /** Retries a request once on a new connection when a pooled one turns out to be dead. */
  private final class RetryOnce implements Listener {
    private final EventLoop loop;
    private final Target target;
    private final InetSocketAddress address;
    private final Listener delegate;
    private FullHttpRequest spare;

    RetryOnce(EventLoop loop, Target target, InetSocketAddress address, FullHttpRequest spare, Listener delegate) {
      this.loop = loop;
      this.target = target;
      this.address = address;
      this.spare = spare;
      this.delegate = delegate;
    }

    @Override
    public void onResponse(HttpObject part) {
      dropSpare();
      delegate.onResponse(part);
    }

    @Override
    public void onUpstreamFailure(Throwable cause, boolean connectPhase) {
      FullHttpRequest again = spare;
      spare = null;
      if (again == null) {
        delegate.onUpstreamFailure(cause, connectPhase);
        return;
      }
      if (channel != null) {
        Channel dead = channel;
        channel = null;
        dead.close();
      }
      connect(loop, target, address, again, delegate);
    }

    private void dropSpare() {
      if (spare != null) {
        spare.release();
        spare = null;
      }
    }
  }

  /** Per upstream connection: routes response parts to the exchange currently using it. */
  private static final class ResponseReader extends SimpleChannelInboundHandler<HttpObject> {
    private Listener listener;
    private boolean keepAlive;
    /** True between responses on a keep-alive connection: free for the next request. */
    boolean idle;
    /** A request was sent and its response head has not arrived yet. */
    private boolean awaitingHead;

    ResponseReader() {
      super(false);
    }

    void start(Listener l) {
      listener = l;
      idle = false;
      awaitingHead = true;
    }

    void stop() {
      Listener l = listener;
      listener = null;
      if (l instanceof RetryOnce r) {
        r.dropSpare();
      }
    }

    void fail(Throwable cause) {
      fail(cause, false);
    }

    void fail(Throwable cause, boolean connectPhase) {
      Listener l = listener;
      listener = null;
      idle = false;
      if (l != null) {
        l.onUpstreamFailure(cause, connectPhase);
      }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (msg instanceof HttpResponse r) {
        keepAlive = HttpUtil.isKeepAlive(r);
        awaitingHead = false;
      }
      Listener l = listener;
      if (msg instanceof LastHttpContent) {
        idle = keepAlive;
        listener = null;
      }
      if (l == null) {
        ReferenceCountUtil.release(msg);
        return;
      }
      l.onResponse(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      idle = false;
      fail(new java.nio.channels.ClosedChannelException());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      // Quiet for the idle timeout: close a pooled connection or a stalled response body, but
      // not a request still waiting for its answer, which has the longer response timeout.
      if (evt instanceof IdleStateEvent && !(listener != null && awaitingHead)) {
        ctx.close();
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      idle = false;
      ctx.close();
      fail(cause);
    }
  }
}
