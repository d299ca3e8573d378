package dev.airlock.proxy.server;

import dev.airlock.proxy.config.ProxyConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The deadline of an agent connection in whatever state it is in, so no state can hold a
 * connection (and its descriptor) for ever:
 *
 * <ul>
 *   <li>accepted, nothing or part of a request head received, before authentication: header_read
 *       from the accept;
 *   <li>a request head begun on an authenticated connection: header_read from its first byte;
 *   <li>a request body that stops: header_read without a byte;
 *   <li>a CONNECT being set up (resolution, certificate): connect + tls_handshake;
 *   <li>a tunnel answered 200, until its TLS handshake completes (no ClientHello, a partial
 *       record, a slow handshake): tls_handshake;
 *   <li>quiet between requests, or a passthrough tunnel without traffic: idle.
 * </ul>
 *
 * <p>Time is counted in ticks of one task per connection that repeats at half the shortest
 * timeout: state changes on the request path only write two fields, with no clock read and no
 * timer scheduled or cancelled per request. A deadline fires between its timeout and one and a
 * half times it.
 *
 * <p>A head or body that misses its deadline fires {@link #HEAD_TIMEOUT} / {@link #BODY_TIMEOUT}
 * down the pipeline for the exchange handler to answer 408; any other state is closed here.
 */
final class ConnectionDeadline extends ChannelInboundHandlerAdapter {
  /** A request head was not complete in time. */
  static final Expired HEAD_TIMEOUT = new Expired("head");
  /** A request body stopped arriving. */
  static final Expired BODY_TIMEOUT = new Expired("body");
  /** The shortest tick: finer checks would cost more than they are worth. */
  private static final long MIN_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  /** Time an answered, timed-out connection gets to close by itself before it is closed here. */
  private static final Duration CLOSING_GRACE = Duration.ofSeconds(5);

  /** The user event of a request that missed its deadline. */
  static final class Expired {
    private final String what;

    private Expired(String what) {
      this.what = what;
    }

    @Override
    public String toString() {
      return "request " + what + " timeout";
    }
  }

  private enum Phase { OPEN, HEAD, BODY, BUSY, QUIET, SETUP, HANDSHAKE, RELAY, CLOSING }

  private final long periodNanos;
  private final long headerTicks;
  private final long idleTicks;
  private final long handshakeTicks;
  private final long setupTicks;
  private final long closingTicks;
  private Phase phase = Phase.OPEN;
  /** The tick the current phase began, or last made progress in (bodies, relays). */
  private long since;
  private long tick;
  private long quietTicks;
  private ScheduledFuture<?> task;

  ConnectionDeadline(ProxyConfig.Timeouts t) {
    long shortest = Math.min(Math.min(t.headerRead().toNanos(), t.tlsHandshake().toNanos()), t.idle().toNanos());
    periodNanos = Math.max(MIN_PERIOD_NANOS, shortest / 2);
    headerTicks = ticks(t.headerRead());
    idleTicks = ticks(t.idle());
    handshakeTicks = ticks(t.tlsHandshake());
    setupTicks = ticks(t.connect().plus(t.tlsHandshake()));
    closingTicks = ticks(CLOSING_GRACE);
    quietTicks = headerTicks;
  }

  /**
   * Ticks that guarantee at least {@code d}: a phase begins somewhere between two ticks, so one
   * more than the timeout's length in ticks.
   */
  private long ticks(Duration d) {
    return (d.toNanos() + periodNanos - 1) / periodNanos + 1;
  }

  long periodNanos() {
    return periodNanos;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    task = ctx.executor().scheduleAtFixedRate(() -> tick(ctx), periodNanos, periodNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  private void cancel() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  /** Bytes of a request arrived (decoder input) or a relay moved data. */
  void received() {
    switch (phase) {
      case OPEN -> phase = Phase.HEAD; // the first head's deadline still runs from the accept
      case QUIET -> {
        phase = Phase.HEAD;
        since = tick;
      }
      case BODY, RELAY -> since = tick;
      default -> { }
    }
  }

  /** Between requests with no byte of the next one yet: closing now cuts nothing. */
  boolean resting() {
    return phase == Phase.QUIET || phase == Phase.OPEN;
  }

  /** A request head is complete; its body is not yet. */
  void requestStarted() {
    phase = Phase.BODY;
    since = tick;
  }

  /** The request is complete: the exchange is now up to the upstream and its timeouts. */
  void requestComplete() {
    phase = Phase.BUSY;
  }

  /**
   * No exchange is running: the connection may rest for the idle timeout once it has
   * authenticated, only for the header-read timeout before.
   */
  void quiet(boolean authenticated) {
    phase = Phase.QUIET;
    since = tick;
    quietTicks = authenticated ? idleTicks : headerTicks;
  }

  /** A CONNECT is being checked and its certificate prepared. */
  void settingUp() {
    phase = Phase.SETUP;
    since = tick;
  }

  /** The tunnel was answered 200: the agent's TLS handshake must complete in time. */
  void handshaking() {
    phase = Phase.HANDSHAKE;
    since = tick;
  }

  /** Bytes are relayed untouched (passthrough): the idle timeout, reset by traffic. */
  void relaying() {
    phase = Phase.RELAY;
    since = tick;
  }

  private void tick(ChannelHandlerContext ctx) {
    tick++;
    long limit = switch (phase) {
      case OPEN, HEAD, BODY -> headerTicks;
      case QUIET -> quietTicks;
      case SETUP -> setupTicks;
      case HANDSHAKE -> handshakeTicks;
      case RELAY -> idleTicks;
      case CLOSING -> closingTicks;
      case BUSY -> 0;
    };
    if (limit == 0 || tick - since < limit) {
      return;
    }
    Phase expired = phase;
    if (expired == Phase.HEAD || expired == Phase.BODY) {
      phase = Phase.CLOSING;
      since = tick;
      ctx.fireUserEventTriggered(expired == Phase.HEAD ? HEAD_TIMEOUT : BODY_TIMEOUT);
    } else {
      cancel();
      ctx.close();
    }
  }
}
