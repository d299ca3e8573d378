package dev.airlock.proxy.server;

import dev.airlock.proxy.spi.AgentDirectory;
import dev.airlock.proxy.spi.TraceSink;
import dev.airlock.proxy.trace.Trace;
import dev.airlock.proxy.trace.TraceIds;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Requests refused for a missing ({@code AUTH_REQUIRED}) or wrong ({@code AUTH_FAILED})
 * credential, counted per source address and outcome and traced at most once per window (a
 * minute) for each, so a flood of bad credentials cannot flood the trace table. The first
 * attempt of a quiet source is traced at once; what follows within the window is traced when
 * it ends, as one trace carrying the count. Such a trace has the decision and enforced action
 * {@code AUTH_REQUIRED}/{@code AUTH_FAILED} (never a policy DENY) and the reasons
 * {@code [outcome, "ATTEMPTS:n", "SOURCE:address"]}; it names the agent only when the client
 * sent the name of an existing agent, and never anything else of the credential.
 */
public final class AuthAttempts {
  /** How an authentication failed. */
  enum Outcome { AUTH_REQUIRED, AUTH_FAILED }

  /** What a trace says of the attempts it stands for: the last one's request. */
  private record Attempt(Instant time, String agent, String method, String host, String path) {}

  private record Key(InetAddress source, Outcome outcome) {}

  /** Sources tracked at once; attempts from sources beyond are counted under "other". */
  static final int MAX_SOURCES = 10_000;
  private static final Duration WINDOW = Duration.ofMinutes(1);

  private final TraceSink traces;
  private final AgentDirectory agents;
  private final long windowNanos;
  private final LongSupplier clock;
  private final ConcurrentHashMap<Key, Window> windows = new ConcurrentHashMap<>();

  public AuthAttempts(TraceSink traces, AgentDirectory agents) {
    this(traces, agents, WINDOW, System::nanoTime);
  }

  AuthAttempts(TraceSink traces, AgentDirectory agents, Duration window, LongSupplier clock) {
    this.traces = traces;
    this.agents = agents;
    this.windowNanos = window.toNanos();
    this.clock = clock;
  }

  /** The agent name of these credentials if an agent of that name exists, else null. */
  static String knownAgent(AgentDirectory agents, ProxyCredentials creds) {
    return creds != null && agents.isKnownAgent(creds.agent()) ? creds.agent() : null;
  }

  /**
   * Counts one refused request of this exchange from {@code remote}; traces it now or when the
   * source's window ends (scheduled on {@code scheduler}, the connection's event loop).
   */
  void record(Outcome outcome, SocketAddress remote, Exchange ex, String storedPath,
      ScheduledExecutorService scheduler) {
    record(outcome, remote, ex.credentials, ex.started, ex.head.method().name(), ex.target.host(), storedPath,
        scheduler);
  }

  void record(Outcome outcome, SocketAddress remote, ProxyCredentials creds, Instant time, String method,
      String host, String path, ScheduledExecutorService scheduler) {
    String agent = knownAgent(agents, creds);
    InetAddress source = remote instanceof InetSocketAddress s ? s.getAddress() : null;
    record(new Key(source, outcome), new Attempt(time, agent == null ? "" : agent, method, host, path), scheduler);
  }

  private void record(Key wanted, Attempt a, ScheduledExecutorService scheduler) {
    Key key = windows.size() >= MAX_SOURCES && !windows.containsKey(wanted)
        ? new Key(null, wanted.outcome()) : wanted;
    while (true) {
      Window w = windows.computeIfAbsent(key, k -> new Window(k, clock.getAsLong() - windowNanos));
      synchronized (w) {
        if (w.removed) {
          continue; // its window just ended and was dropped: start a new one
        }
        w.pending++;
        w.last = a;
        long now = clock.getAsLong();
        if (now - w.tracedAt >= windowNanos) {
          emit(w, now);
        }
        if (!w.scheduled) {
          w.scheduled = schedule(w, Math.max(0, w.tracedAt + windowNanos - now), scheduler);
        }
        return;
      }
    }
  }

  /** Traces what the window counted; a window that counted nothing is dropped. */
  private void endOfWindow(Window w, ScheduledExecutorService scheduler) {
    synchronized (w) {
      w.scheduled = false;
      if (w.pending == 0) {
        w.removed = true;
        windows.remove(w.key, w);
        return;
      }
      emit(w, clock.getAsLong());
      w.scheduled = schedule(w, windowNanos, scheduler);
    }
  }

  /** False when the event loop is shutting down: {@link #flush} then traces what is left. */
  private boolean schedule(Window w, long delayNanos, ScheduledExecutorService scheduler) {
    try {
      scheduler.schedule(() -> endOfWindow(w, scheduler), delayNanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Traces every count not traced yet: when the proxy stops, so nothing counted is lost. */
  public void flush() {
    for (Window w : windows.values()) {
      synchronized (w) {
        if (w.pending > 0) {
          emit(w, clock.getAsLong());
        }
      }
    }
  }

  int trackedSources() {
    return windows.size();
  }

  private void emit(Window w, long now) {
    int count = w.pending;
    w.pending = 0;
    w.tracedAt = now;
    traces.accept(trace(w.key, w.last, count));
  }

  private static Trace trace(Key key, Attempt a, int count) {
    String outcome = key.outcome().name();
    String source = key.source() == null ? "other" : key.source().getHostAddress();
    Instant time = a.time().truncatedTo(ChronoUnit.MICROS); // within the millisecond its id carries
    return new Trace(TraceIds.at(time.toEpochMilli()), time, "", a.agent(), null, a.host(),
        "http_" + a.method().toLowerCase(Locale.ROOT), "", a.method(), a.host(), a.path(), 407, outcome, outcome,
        List.of(outcome, "ATTEMPTS:" + count, "SOURCE:" + source), null, 0.0,
        key.outcome() == Outcome.AUTH_FAILED ? "MEDIUM" : "LOW", List.of(), List.of(), 0, 0, 0, -1);
  }

  /** The attempts of one source and outcome in the current window; guarded by its own lock. */
  private static final class Window {
    final Key key;
    long tracedAt;
    int pending;
    Attempt last;
    boolean scheduled;
    boolean removed;

    Window(Key key, long tracedAt) {
      this.key = key;
      this.tracedAt = tracedAt;
    }
  }
}
