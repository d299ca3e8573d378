package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one PostgreSQL NOTIFY channel on a dedicated connection and a thread of its own.
 *
 * <p>After every (re)connect it LISTENs first and then asks the handler for a full resync:
 * notifications sent while no session listened are lost, so only a reload after LISTEN is sure to
 * miss nothing. A full resync also runs every {@code resyncInterval} as a safety net. When the
 * connection breaks, or a reload fails, it reconnects with a backoff that doubles up to {@code
 * maxBackoff}. An idle connection is checked every {@code pingInterval}, so that a link that died
 * silently is noticed too.
 */
final class ChangeListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChangeListener.class);
  private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** What to do with the channel's news. Runs on the listener's thread; may throw StoreException. */
  interface Handler {
    /** Reload everything. */
    void resync();

    /** Payloads that arrived together, duplicates folded. */
    void changed(Set<String> payloads);
  }

  /**
   * @param poll how long one wait for notifications lasts; bounds how long {@link #close} waits
   */
  record Settings(Duration poll, Duration resyncInterval, Duration pingInterval, Duration minBackoff,
      Duration maxBackoff) {
    Settings {
      for (Duration d : new Duration[] {poll, resyncInterval, pingInterval, minBackoff, maxBackoff}) {
        if (d == null || d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("listener durations: " + d + " (expected: > 0)");
        }
      }
      if (maxBackoff.compareTo(minBackoff) < 0) {
        throw new IllegalArgumentException("maxBackoff: " + maxBackoff + " (expected: >= " + minBackoff + ")");
      }
    }

    static Settings defaults(Duration resyncInterval) {
      return new Settings(Duration.ofMillis(500), resyncInterval, Duration.ofSeconds(10),
          Duration.ofMillis(250), Duration.ofSeconds(5));
    }
  }

  private final String channel;
  private final DedicatedConnections connections;
  private final Handler handler;
  private final Settings settings;
  private final Thread thread;
  private final StopSignal stop = new StopSignal();
  // Confined to the listener thread.
  private boolean failing;
  private long backoffNanos;

  ChangeListener(String channel, DedicatedConnections connections, Handler handler, Settings settings) {
    if (!CHANNEL.matcher(requireNonNull(channel, "channel")).matches()) {
      throw new IllegalArgumentException("channel: \"" + channel + "\" (expected: " + CHANNEL + ")");
    }
    this.channel = channel;
    this.connections = requireNonNull(connections, "connections");
    this.handler = requireNonNull(handler, "handler");
    this.settings = requireNonNull(settings, "settings");
    this.backoffNanos = settings.minBackoff().toNanos();
    this.thread = new Thread(this::run, "airlock-listen-" + channel);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    while (!stop.isSet()) {
      try {
        follow();
      } catch (SQLException | RuntimeException e) {
        if (stop.isSet()) {
          return;
        }
        if (!failing) {
          failing = true;
          log.warn("changes on {}: lost the database ({}); serving from memory, reconnecting",
              channel, Causes.oneLine(e));
        }
        stop.pause(backoffNanos);
        backoffNanos = Math.min(backoffNanos * 2, settings.maxBackoff().toNanos());
      }
    }
  }

  private void follow() throws SQLException {
    try (Connection c = connections.open()) {
      try (Statement s = c.createStatement()) {
        s.execute("LISTEN " + channel);
      }
      PGConnection pg = c.unwrap(PGConnection.class);
      handler.resync();
      if (failing) {
        failing = false;
        log.info("changes on {}: connected again and resynced", channel);
      }
      backoffNanos = settings.minBackoff().toNanos();
      long nextResync = System.nanoTime() + settings.resyncInterval().toNanos();
      long nextPing = System.nanoTime() + settings.pingInterval().toNanos();
      int pollMillis = (int) settings.poll().toMillis();
      while (!stop.isSet()) {
        PGNotification[] news = pg.getNotifications(pollMillis);
        if (news != null && news.length > 0) {
          handler.changed(payloads(news));
        }
        long now = System.nanoTime();
        if (now - nextResync >= 0) {
          handler.resync();
          nextResync = now + settings.resyncInterval().toNanos();
        }
        if (now - nextPing >= 0) {
          if (!c.isValid(5)) {
            throw new SQLException("the listening connection stopped answering");
          }
          nextPing = now + settings.pingInterval().toNanos();
        }
      }
    }
  }

  private static Set<String> payloads(PGNotification[] news) {
    Set<String> out = new LinkedHashSet<>();
    for (PGNotification n : news) {
      out.add(n.getParameter());
    }
    return out;
  }



  /** Stops the thread; it leaves within about one poll. */
  @Override
  public void close() {
    stop.set();
    if (thread.isAlive() && Thread.currentThread() != thread) {
      try {
        thread.join(settings.poll().toMillis() + 5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
