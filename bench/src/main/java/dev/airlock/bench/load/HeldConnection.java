package dev.airlock.bench.load;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * One connection that is opened, used for a request, then kept open and idle. Confined to its
 * event loop; every request ends in exactly one {@link Ending}.
 */
final class HeldConnection implements ResponseListener {
  /** How one request on a held connection ended. */
  enum Ending { OK, NON_2XX, CONNECT_FAILURE, TIMEOUT, RESET }

  private final EventLoop loop;
  private final Runnable onClosedByPeer;
  private final IntConsumer onRefused;
  private Channel channel;
  private Promise<Ending> answer;
  private ScheduledFuture<?> timer;
  private boolean established;
  private boolean closing;

  /** @param onRefused told the status of each non-2xx answer */
  HeldConnection(EventLoop loop, Runnable onClosedByPeer, IntConsumer onRefused) {
    this.loop = loop;
    this.onClosedByPeer = onClosedByPeer;
    this.onRefused = onRefused;
  }

  /** Opens the connection (tunnel and TLS as the opener's target says) and sends the first request. */
  Future<Ending> open(ChannelOpener opener, RequestFactory requests, long timeoutNanos) {
    Promise<Ending> done = loop.newPromise();
    loop.execute(() -> {
      answer = done;
      timer = loop.schedule(() -> end(Ending.TIMEOUT), timeoutNanos, TimeUnit.NANOSECONDS);
      opener.open(loop, this).addListener(f -> {
        if (!f.isSuccess()) {
          end(Ending.CONNECT_FAILURE);
          return;
        }
        Channel ch = (Channel) f.getNow();
        if (done.isDone()) {
          ch.close(); // timed out while opening
          return;
        }
        channel = ch;
        ch.closeFuture().addListener(c -> onClosed(ch));
        requests.send(ch, this);
      });
    });
    return done;
  }

  /** One more request on the open connection; a closed connection ends it as a reset. */
  Future<Ending> request(RequestFactory requests, long timeoutNanos) {
    Promise<Ending> done = loop.newPromise();
    loop.execute(() -> {
      if (channel == null || !channel.isActive()) {
        done.setSuccess(Ending.RESET);
        return;
      }
      answer = done;
      timer = loop.schedule(() -> end(Ending.TIMEOUT), timeoutNanos, TimeUnit.NANOSECONDS);
      requests.send(channel, this);
    });
    return done;
  }

  @Override
  public void onResponse(int status, boolean keepAlive) {
    if (answer == null) {
      return; // an answer after the request timed out
    }
    boolean ok = status / 100 == 2;
    established |= ok;
    if (!ok) {
      onRefused.accept(status);
    }
    end(ok ? Ending.OK : Ending.NON_2XX);
  }

  @Override
  public void onNoAnswer() {
    if (answer != null) {
      end(Ending.RESET);
    }
  }

  private void onClosed(Channel ch) {
    if (ch != channel) {
      return;
    }
    channel = null;
    end(Ending.RESET);
    if (established && !closing) {
      onClosedByPeer.run();
    }
  }

  private void end(Ending ending) {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    Promise<Ending> p = answer;
    answer = null;
    if (p == null || !p.trySuccess(ending)) {
      return;
    }
    if (ending != Ending.OK && channel != null) {
      // A connection whose request failed is not a held connection: drop it.
      closing = true;
      channel.close();
    }
  }

  /** Whether the connection is established and still open; call on {@link #loop()}. */
  boolean open() {
    return established && channel != null && channel.isActive();
  }

  EventLoop loop() {
    return loop;
  }

  /** Closes the connection; the future completes once it is closed. */
  Future<?> close() {
    Promise<Void> closed = loop.newPromise();
    loop.execute(() -> {
      closing = true;
      if (channel == null) {
        closed.setSuccess(null);
      } else {
        channel.close().addListener(f -> closed.setSuccess(null));
      }
    });
    return closed;
  }
}
