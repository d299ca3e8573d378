package dev.airlock.proxy.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * The upstream side of one agent connection, one exchange at a time: takes an idle connection to
 * the target from the event loop's pool (or opens one on the agent's event loop), writes the
 * request, hands the response parts to the exchange's listener, and gives the connection back to
 * the pool the moment its response has ended. Between exchanges it holds no connection, so an
 * upstream connection that closes meanwhile only leaves the pool, and every fault of a connection
 * ends the exchange using it with a call to {@link Listener#onUpstreamFailure}.
 */
final class UpstreamLink implements UpstreamSender {
  /** Receives the upstream's response parts, on the shared event loop. */
  interface Listener {
    void onResponse(HttpObject part);

    /** The exchange's connection failed (connecting, writing or reading); no more parts follow. */
    void onUpstreamFailure(Throwable cause);

    /**
     * The upstream answered {@code 101 Switching Protocols}: {@code upgraded} has left the link
     * (not pooled, not closed) and its pipeline still holds the HTTP codec, which the listener
     * replaces before returning, or closes the connection.
     */
    void onSwitchingProtocols(HttpResponse head, io.netty.channel.Channel upgraded);
  }

  private final ProxyContext px;
  private final Class<? extends SocketChannel> channelClass;
  private final UpstreamPool pool;
  private EventLoop loop;
  /** The last target's key, kept so that requests to the same target do not make a new one. */
  private UpstreamPool.Key key;
  /** The connection of the exchange under way, until its response has ended. */
  private UpstreamReader active;
  private Listener listener;
  /**
   * For an idempotent request on a reused connection: a copy to send once more on a new connection
   * if the reused one turns out to be closed before any response byte arrives (RFC 9110 9.2.2).
   */
  private FullHttpRequest spare;

  UpstreamLink(ProxyContext px, Class<? extends SocketChannel> channelClass, UpstreamPool pool) {
    this.px = px;
    this.channelClass = channelClass;
    this.pool = pool;
  }

  /** Sends a request (head + full body), on an idle pooled connection to the same target if any. */
  @Override
  public void send(EventLoop loop, Target t, InetSocketAddress addr, FullHttpRequest request, Listener l) {
    abort(); // a connection still held here has a response that never ended: it cannot carry another
    this.loop = loop;
    this.listener = l;
    UpstreamPool.Key k = keyFor(t, addr);
    boolean idempotent = idempotent(request.method());
    UpstreamPool.Entry pooled = pool.take(k, idempotent);
    if (pooled == null) {
      connect(k, request);
      return;
    }
    if (idempotent) {
      // The copy shares the headers (encoding does not change them) and has its own view of the body.
      spare = new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
          request.content().retainedDuplicate(), request.headers(), request.trailingHeaders());
    }
    UpstreamReader r = pooled.reader;
    active = r;
    r.start(this);
    r.channel().writeAndFlush(request).addListener(r);
  }

  private UpstreamPool.Key keyFor(Target t, InetSocketAddress addr) {
    UpstreamPool.Key k = key;
    if (k == null || !k.target().equals(t) || !k.address().equals(addr)) {
      k = new UpstreamPool.Key(t, addr);
      key = k;
    }
    return k;
  }

  /** The methods a proxy may send again on its own when no response arrived (RFC 9110 9.2.2). */
  static boolean idempotent(HttpMethod m) {
    return m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD) || m.equals(HttpMethod.OPTIONS)
        || m.equals(HttpMethod.TRACE) || m.equals(HttpMethod.PUT) || m.equals(HttpMethod.DELETE);
  }

  private void connect(UpstreamPool.Key k, FullHttpRequest request) {
    if (!pool.tryOpen()) {
      ReferenceCountUtil.release(request);
      Listener l = listener;
      listener = null;
      // Answered from a task of its own: the caller is still in send() and expects no answer yet.
      loop.execute(() -> l.onUpstreamFailure(new UpstreamConnectionsExhausted()));
      return;
    }
    UpstreamReader r = new UpstreamReader(pool, px.config().timeouts().idle().toMillis());
    Target t = k.target();
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
            // Reads only (no listener on every write); the reader decides what a quiet spell means.
            ch.pipeline().addLast("idle", r.watch);
            ch.pipeline().addLast("codec", new HttpClientCodec(8192, 64 * 1024, 64 * 1024));
            ch.pipeline().addLast("relay", r);
          }
        });
    ChannelFuture cf = b.connect(k.address());
    pool.opened(cf.channel());
    r.attach(k, cf.channel());
    active = r;
    r.start(this);
    cf.addListener(f -> {
      if (!f.isSuccess()) {
        ReferenceCountUtil.release(request); // never written, so never released by the encoder
        r.fault(f.cause());
        return;
      }
      cf.channel().writeAndFlush(request).addListener(r);
    });
  }

  /** A response part from the connection of the exchange under way. */
  void onPart(UpstreamReader r, HttpObject part) {
    Listener l = listener;
    if (r != active || l == null) {
      ReferenceCountUtil.release(part);
      return;
    }
    dropSpare(); // a response is arriving: the request must never be sent again
    if (part instanceof LastHttpContent) {
      active = null;
      listener = null;
      r.responseEnded(); // back to the pool before the agent's next request can ask for it
    }
    l.onResponse(part);
  }

  /** A {@code 101 Switching Protocols} from the connection of the exchange under way. */
  void onSwitchingProtocols(UpstreamReader r, HttpResponse head) {
    Listener l = listener;
    if (r != active || l == null) {
      ReferenceCountUtil.release(head);
      r.channel().close();
      return;
    }
    active = null;
    listener = null;
    dropSpare();
    r.detach();
    l.onSwitchingProtocols(head, r.channel());
  }

  /** The connection of the exchange under way failed (it is closed already). */
  void onFault(UpstreamReader r, Throwable cause) {
    if (r != active) {
      return;
    }
    active = null;
    FullHttpRequest again = spare;
    spare = null;
    if (again != null && !r.responseBytesArrived()) {
      connect(r.key(), again); // a kept-alive connection the origin had just closed
      return;
    }
    if (again != null) {
      again.release();
    }
    Listener l = listener;
    listener = null;
    if (l != null) {
      l.onUpstreamFailure(cause);
    }
  }

  /** Lets upstream reads follow the agent's ability to take more data. */
  @Override
  public void setAutoRead(boolean on) {
    if (active != null) {
      active.channel().config().setAutoRead(on);
    }
  }

  /** Drops the exchange under way, if any, and closes its connection (timeouts, agent gone). */
  @Override
  public void abort() {
    UpstreamReader r = active;
    active = null;
    listener = null;
    dropSpare();
    if (r != null) {
      r.abandon();
    }
  }

  /** The agent connection ends: a connection still in use is closed (idle ones are in the pool already). */
  @Override
  public void close() {
    abort();
  }

  private void dropSpare() {
    if (spare != null) {
      spare.release();
      spare = null;
    }
  }
}
