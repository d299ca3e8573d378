package dev.airlock.proxy.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;

/**
 * Per upstream connection: hands the response parts to the link whose exchange uses the
 * connection, and ends that exchange on any fault of the connection (closed, reset, TLS failure,
 * a response that cannot be parsed, a failed write). Between exchanges the connection waits in
 * the pool; there it is closed when the origin speaks out of turn or it stays unused for the
 * pool's keep-alive time. It is also the listener of every request write on its connection.
 */
final class UpstreamReader extends ChannelInboundHandlerAdapter implements ChannelFutureListener {
  /** Below the HTTP codec: the read-idle clock, and whether any response byte arrived. */
  static final class ReadWatch extends IdleStateHandler {
    private boolean readSinceStart;

    ReadWatch(long periodMillis) {
      super(periodMillis, 0, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      readSinceStart = true;
      super.channelRead(ctx, msg);
    }
  }

  private final UpstreamPool pool;
  final ReadWatch watch;
  /** Quiet idle-check periods after which a response body that stopped arriving is given up. */
  private final int stallPeriods;
  private UpstreamPool.Entry entry;
  /** The link whose exchange uses this connection; null while parked. */
  private UpstreamLink owner;
  private boolean keepAlive;
  /** A request was sent and its response head has not arrived yet. */
  private boolean awaitingHead;
  /** An interim (1xx) response was read: its empty end part is not the end of the response. */
  private boolean interim;
  private int quietPeriods;

  UpstreamReader(UpstreamPool pool, long idleMillis) {
    this.pool = pool;
    long period = Math.max(1, Math.min(idleMillis, pool.keepAliveMillis()));
    this.watch = new ReadWatch(period);
    this.stallPeriods = (int) Math.max(1, (idleMillis + period - 1) / period);
  }

  /** Binds the reader to its channel, once, as soon as the channel exists. */
  void attach(UpstreamPool.Key key, Channel channel) {
    entry = new UpstreamPool.Entry(key, channel, this);
  }

  Channel channel() {
    return entry.channel;
  }

  UpstreamPool.Key key() {
    return entry.key;
  }

  UpstreamPool.Entry entry() {
    return entry;
  }

  /** The next exchange on this connection begins: its request is about to be written. */
  void start(UpstreamLink link) {
    owner = link;
    awaitingHead = true;
    keepAlive = false;
    interim = false;
    watch.readSinceStart = false;
  }

  /** Whether anything of a response arrived since {@link #start}. */
  boolean responseBytesArrived() {
    return watch.readSinceStart;
  }

  /** The exchange gives the connection up before its response ended: it cannot be reused. */
  void abandon() {
    owner = null;
    entry.channel.close();
  }

  /** The connection switched protocols: it no longer serves any link and is never pooled. */
  void detach() {
    owner = null;
  }

  /** The response ended: back to the pool when the origin keeps the connection alive, else closed. */
  void responseEnded() {
    owner = null;
    if (keepAlive) {
      pool.offer(entry);
    } else {
      entry.channel.close();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    UpstreamLink link = owner;
    if (!(msg instanceof HttpObject part) || link == null) {
      ReferenceCountUtil.release(msg);
      ctx.close(); // a response nobody asked for: the connection's state is unknown
      return;
    }
    if (part.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      fault(part.decoderResult().cause());
      return;
    }
    if (part instanceof HttpResponse r) {
      if (r.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
        if (r.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
          awaitingHead = false;
          link.onSwitchingProtocols(this, r); // the connection now speaks another protocol
          return;
        }
        interim = true; // the proxy answers 100-continue itself; the final response follows
        ReferenceCountUtil.release(msg);
        return;
      }
      interim = false;
      awaitingHead = false;
      keepAlive = HttpUtil.isKeepAlive(r);
      entry.originTimeoutNanos = originTimeoutNanos(r);
    } else if (interim && part instanceof LastHttpContent) {
      interim = false;
      ReferenceCountUtil.release(msg);
      return;
    }
    link.onPart(this, part);
  }

  /** The idle time after which the origin said it closes a kept-alive connection ({@code Keep-Alive: timeout=N}). */
  private static long originTimeoutNanos(HttpResponse r) {
    String ka = r.headers().get(HttpHeaderNames.KEEP_ALIVE);
    if (ka == null) {
      return 0;
    }
    int i = ka.indexOf("timeout=");
    if (i < 0) {
      return 0;
    }
    long seconds = 0;
    for (int j = i + 8; j < ka.length() && Character.isDigit(ka.charAt(j)) && seconds < 1_000_000; j++) {
      seconds = seconds * 10 + (ka.charAt(j) - '0');
    }
    return TimeUnit.SECONDS.toNanos(seconds);
  }

  /** A request write finished; a failed one ends the exchange. */
  @Override
  public void operationComplete(ChannelFuture f) {
    if (!f.isSuccess()) {
      fault(f.cause());
    }
  }

  /** Closes the connection and ends the exchange using it, if any. */
  void fault(Throwable cause) {
    UpstreamLink link = owner;
    owner = null;
    if (entry != null) {
      entry.channel.close();
    }
    if (link != null) {
      link.onFault(this, cause);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    pool.remove(entry);
    fault(new ClosedChannelException());
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fault(cause);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent hs && !hs.isSuccess()) {
      fault(hs.cause());
    } else if (evt instanceof IdleStateEvent idle) {
      quietPeriods = idle.isFirst() ? 1 : quietPeriods + 1;
      if (owner == null) {
        ctx.close(); // parked and unused for the keep-alive time
      } else if (!awaitingHead && quietPeriods >= stallPeriods) {
        // A response body that stopped arriving for the idle timeout. A request still waiting
        // for its response head is left to the longer response timeout (ResponseRelay).
        fault(new ClosedChannelException());
      }
    }
    ctx.fireUserEventTriggered(evt);
  }
}
