package dev.airlock.bench.load;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One connection slot, confined to one event loop: it runs one request at a time, keeps its own
 * histogram and counters (so no locking on the hot path), and asks the {@link Dispatcher} for the
 * next request when it is done. Every request ends in exactly one counter.
 */
final class Worker implements ResponseListener {
  static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final EventLoop loop;
  private final ChannelOpener opener;
  private final RequestFactory requests;
  private final boolean keepAlive;
  private final long timeoutNanos;
  private final Dispatcher dispatcher;

  final Histogram latencyMicros = new Histogram(MAX_LATENCY_MICROS, 3);
  long ok;
  long non2xx;
  long connectFailures;
  long timeouts;
  long resets;
  long connectionsOpened;
  long lastCompletionNanos;
  /** Why the first connection that could not be opened failed (null: none failed). */
  String firstConnectFailure;

  private Channel channel;
  private long intendedNanos;
  private int attempt;
  private boolean awaiting;
  private ScheduledFuture<?> timer;

  Worker(
      EventLoop loop,
      ChannelOpener opener,
      RequestFactory requests,
      boolean keepAlive,
      long timeoutNanos,
      Dispatcher dispatcher) {
    this.loop = loop;
    this.opener = opener;
    this.requests = requests;
    this.keepAlive = keepAlive;
    this.timeoutNanos = timeoutNanos;
    this.dispatcher = dispatcher;
  }

  EventLoop loop() {
    return loop;
  }

  /** Starts a request meant to be sent at {@code intended}; call on {@link #loop()}. */
  void start(long intended) {
    intendedNanos = intended;
    if (System.nanoTime() - intended >= timeoutNanos) {
      // Open loop against a stalled system: the request waited for a free connection longer than
      // its timeout, so it has timed out already; sending it would only keep the backlog from draining.
      timeouts++;
      complete();
      return;
    }
    int current = ++attempt;
    timer = loop.schedule(() -> onTimeout(current), timeoutNanos, TimeUnit.NANOSECONDS);
    if (channel != null && channel.isActive()) {
      send();
      return;
    }
    opener
        .open(loop, this)
        .addListener(
            f -> {
              if (current != attempt) {
                if (f.isSuccess()) {
                  ((Channel) f.getNow()).close();
                }
                return;
              }
              if (!f.isSuccess()) {
                connectFailures++;
                if (firstConnectFailure == null) {
                  firstConnectFailure = String.valueOf(f.cause().getMessage());
                }
                complete();
                return;
              }
              Channel ch = (Channel) f.getNow();
              channel = ch;
              connectionsOpened++;
              ch.closeFuture().addListener(closed -> onClosed(ch));
              send();
            });
  }

  private void send() {
    awaiting = true;
    requests.send(channel, this);
  }

  @Override
  public void onNoAnswer() {
    if (!awaiting) {
      return;
    }
    awaiting = false;
    resets++;
    complete();
  }

  @Override
  public void onResponse(int status, boolean serverKeepsAlive) {
    if (!awaiting) {
      return;
    }
    awaiting = false;
    long now = System.nanoTime();
    if (status / 100 == 2) {
      ok++;
      latencyMicros.recordValue(Math.min(MAX_LATENCY_MICROS, Math.max(1, (now - intendedNanos) / 1000)));
    } else {
      non2xx++;
    }
    if (!serverKeepsAlive || !keepAlive) {
      dropChannel();
    }
    complete();
  }

  private void onClosed(Channel ch) {
    if (ch != channel) {
      return;
    }
    channel = null;
    if (awaiting) {
      awaiting = false;
      resets++;
      complete();
    }
  }

  private void onTimeout(int expected) {
    if (expected != attempt) {
      return;
    }
    attempt++;
    awaiting = false;
    timeouts++;
    dropChannel();
    complete();
  }

  private void dropChannel() {
    Channel ch = channel;
    channel = null;
    if (ch != null) {
      ch.close();
    }
  }

  private void complete() {
    attempt++;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    lastCompletionNanos = System.nanoTime();
    // Through the task queue, so a synchronous failure cannot recurse into the next request.
    loop.execute(() -> dispatcher.onIdle(this));
  }

  /** Closes the kept-alive connection after the run; call on {@link #loop()}. */
  void shutdown() {
    dropChannel();
  }
}
