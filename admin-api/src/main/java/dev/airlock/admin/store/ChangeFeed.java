package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what a node compiled from the database (its policy engine, and any other catalog) current
 * with changes committed by any node.
 *
 * <p>Triggers announce a change on channel {@value #CHANNEL} with the kind of data as payload
 * ({@code policies}, {@code environments}, …; see migration V9). Each kind maps to a reload
 * registered with {@link #on}; several kinds may share one reload. Reloads run on a thread of this
 * feed, never on the listener's and never on an event loop, and each is coalesced: a burst of
 * changes costs one or two reloads, not one per change. After every (re)connect and every {@code
 * resyncInterval} every reload runs once, in case a notification was missed.
 */
public final class ChangeFeed implements AutoCloseable {
  public static final String CHANNEL = "airlock_changes";
  private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
  private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private final DedicatedConnections connections;
  private final ChangeListener.Settings settings;
  private final ExecutorService reloads;
  private final Map<String, Runnable> reloadOf = new LinkedHashMap<>();
  private final Set<String> unknownSeen = ConcurrentHashMap.newKeySet();
  private ChangeListener listener;
  private boolean closed;

  public ChangeFeed(DedicatedConnections connections, Duration resyncInterval) {
    this(connections, ChangeListener.Settings.defaults(resyncInterval));
  }

  ChangeFeed(DedicatedConnections connections, ChangeListener.Settings settings) {
    this.connections = requireNonNull(connections, "connections");
    this.settings = requireNonNull(settings, "settings");
    this.reloads = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "airlock-reload");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Runs {@code reload} (blocking JDBC allowed) when a change of {@code kind} is announced. The
   * same reload registered for several kinds runs once for a burst touching all of them.
   */
  public synchronized ChangeFeed on(String kind, Runnable reload) {
    if (!KIND.matcher(requireNonNull(kind, "kind")).matches()) {
      throw new IllegalArgumentException("kind: \"" + kind + "\" (expected: " + KIND + ")");
    }
    requireNonNull(reload, "reload");
    if (listener != null) {
      throw new IllegalStateException("reloads are registered before the feed starts");
    }
    if (reloadOf.putIfAbsent(kind, reload) != null) {
      throw new IllegalArgumentException("kind: \"" + kind + "\" already has a reload");
    }
    return this;
  }

  /** Starts listening (once; later calls, or after close, do nothing). */
  public synchronized void start() {
    if (listener != null || closed) {
      return;
    }
    // One task per reload, however many kinds share it, named after them for the log.
    Map<Runnable, List<String>> kindsOf = new IdentityHashMap<>();
    reloadOf.forEach((kind, reload) -> kindsOf.computeIfAbsent(reload, r -> new ArrayList<>()).add(kind));
    Map<Runnable, CoalescingTask> tasks = new IdentityHashMap<>();
    kindsOf.forEach((reload, names) ->
        tasks.put(reload, new CoalescingTask("reload after changes of " + String.join(", ", names), reload, reloads)));
    Map<String, CoalescingTask> kinds = new HashMap<>();
    reloadOf.forEach((kind, reload) -> kinds.put(kind, tasks.get(reload)));
    Set<CoalescingTask> all = new LinkedHashSet<>(tasks.values());
    listener = new ChangeListener(CHANNEL, connections, new ChangeListener.Handler() {
      @Override
      public void resync() {
        all.forEach(CoalescingTask::request);
      }

      @Override
      public void changed(Set<String> payloads) {
        for (String kind : payloads) {
          CoalescingTask task = kinds.get(kind);
          if (task != null) {
            task.request();
          } else if (unknownSeen.add(kind)) {
            // A newer node may announce data this one does not serve yet.
            log.info("changes of \"{}\" are announced but this node does not reload them", kind);
          }
        }
      }
    }, settings);
    listener.start();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (listener != null) {
      listener.close();
    }
    reloads.shutdown();
    try {
      if (!reloads.awaitTermination(5, TimeUnit.SECONDS)) {
        reloads.shutdownNow();
      }
    } catch (InterruptedException e) {
      reloads.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
