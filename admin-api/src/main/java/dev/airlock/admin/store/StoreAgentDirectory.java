package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.spi.AgentDirectory;
import dev.airlock.proxy.spi.AgentIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent authentication for the proxy, served from memory.
 *
 * <p>Every agent and usable key is held in an immutable {@link AgentSnapshot}, loaded whole from
 * the database at start ({@link #load()}) and replaced with one volatile write on every change.
 * {@link #listen()} keeps it current: triggers on the agent tables NOTIFY channel {@value
 * #CHANNEL} with the changed agent's id, and a {@link ChangeListener} reloads just those agents
 * (within a second of the commit, on every node), plus a full resync after every reconnect and
 * every {@code resyncInterval}. Admin API handlers call {@link #refresh} before they answer, so
 * their own node never lags behind what they report.
 *
 * <p>{@link #authenticate} never waits on the database: it hashes the key and looks it up. A
 * database outage leaves the last snapshot in service. Only before the first load has succeeded
 * does it answer with a failed future ({@link StoreException.Kind#UNAVAILABLE}), so that a key
 * that may well be valid is never refused.
 *
 * <p>{@code last_used_at} is written at most once per {@code touchInterval} per key, on {@code
 * executor}, never on the request path.
 */
public final class StoreAgentDirectory implements AgentDirectory, AutoCloseable {
  static final String CHANNEL = "airlock_agents";
  private static final Logger log = LoggerFactory.getLogger(StoreAgentDirectory.class);
  // Longer inputs cannot be our keys; refusing them avoids hashing attacker-sized strings.
  private static final int MAX_KEY_LENGTH = 256;
  private static final CompletableFuture<Optional<AgentIdentity>> UNKNOWN =
      CompletableFuture.completedFuture(Optional.empty());
  private static final CompletableFuture<Optional<AgentIdentity>> NOT_LOADED =
      CompletableFuture.failedFuture(new StoreException(StoreException.Kind.UNAVAILABLE, "unavailable",
          "the agent directory has not been loaded from the database yet", null));

  /**
   * @param resyncInterval how often the whole directory is reloaded although no change was
   *     announced: the safety net under the notifications
   * @param touchInterval how often at most {@code last_used_at} is written per key
   * @param maxTargetedReload above this many changed agents at once, one full reload is cheaper
   */
  public record Settings(Duration resyncInterval, Duration touchInterval, int maxTargetedReload) {
    public Settings {
      requireNonNull(resyncInterval, "resyncInterval");
      requireNonNull(touchInterval, "touchInterval");
      if (resyncInterval.toMillis() < 1) {
        throw new IllegalArgumentException("resyncInterval: " + resyncInterval + " (expected: >= 1ms)");
      }
      if (maxTargetedReload < 1) {
        throw new IllegalArgumentException("maxTargetedReload: " + maxTargetedReload + " (expected: >= 1)");
      }
    }

    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(30), Duration.ofMinutes(1), 1_000);
    }
  }

  private final AgentDirectoryLoader loader;
  private final AgentRepository agents;
  private final DedicatedConnections connections;
  private final Executor executor;
  private final Settings settings;
  // Serializes "read from the database, then swap": a slower reader must not overwrite a newer state.
  private final ReentrantLock reloading = new ReentrantLock();
  private final ConcurrentMap<String, Long> lastTouchNanos = new ConcurrentHashMap<>();
  private volatile AgentSnapshot snapshot;
  private ChangeListener listener;
  private boolean closed;

  public StoreAgentDirectory(
      DataSource dataSource, DedicatedConnections connections, Executor executor, Settings settings) {
    requireNonNull(dataSource, "dataSource");
    this.loader = new AgentDirectoryLoader(dataSource);
    this.agents = new AgentRepository(dataSource);
    this.connections = requireNonNull(connections, "connections");
    this.executor = requireNonNull(executor, "executor");
    this.settings = requireNonNull(settings, "settings");
  }

  @Override
  public CompletableFuture<Optional<AgentIdentity>> authenticate(String agentName, String key) {
    AgentSnapshot s = snapshot;
    if (s == null) {
      return NOT_LOADED;
    }
    if (agentName == null || key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      return UNKNOWN;
    }
    AgentSnapshot.Entry e = s.find(new KeyHash(Secrets.sha256(key)));
    if (e == null
        || !e.identity.agentName().equals(agentName)
        || (e.expiresAtMillis != Long.MAX_VALUE && System.currentTimeMillis() >= e.expiresAtMillis)) {
      return UNKNOWN;
    }
    touch(e.identity);
    return e.answer;
  }

  /** Whether an agent of this name exists (active or suspended), as of the last load. */
  @Override
  public boolean isKnownAgent(String agentName) {
    AgentSnapshot s = snapshot;
    return s != null && agentName != null && s.hasAgentNamed(agentName);
  }

  /** Whether the first load has succeeded. */
  public boolean isLoaded() {
    return snapshot != null;
  }

  /**
   * Loads the whole directory now. Blocking.
   *
   * @throws StoreException when the database cannot be read; the previous snapshot stays
   */
  public void load() {
    reloading.lock();
    try {
      long start = System.nanoTime();
      AgentSnapshot loaded = AgentSnapshot.of(loader.loadAll());
      boolean first = snapshot == null;
      snapshot = loaded;
      if (first) {
        log.info("agent directory loaded: {} agents, {} keys in {} ms", loaded.agentCount(), loaded.keyCount(),
            (System.nanoTime() - start) / 1_000_000);
      }
    } finally {
      reloading.unlock();
    }
  }

  /**
   * Reloads these agents (by id) now, e.g. right after the admin API changed them. Blocking.
   *
   * @throws StoreException when the database cannot be read
   */
  public void refresh(Collection<String> agentIds) {
    if (agentIds.isEmpty()) {
      return;
    }
    reloading.lock();
    try {
      AgentSnapshot current = snapshot;
      if (current == null) {
        return; // the first full load will see the change
      }
      Map<String, DirectoryAgent> now = loader.load(agentIds);
      snapshot = current.with(agentIds, now);
    } finally {
      reloading.unlock();
    }
  }

  /** Starts following changes announced by the database (once; later calls, or after close, do nothing). */
  public synchronized void listen() {
    if (listener != null || closed) {
      return;
    }
    listener = new ChangeListener(CHANNEL, connections, new ChangeListener.Handler() {
      @Override
      public void resync() {
        load();
      }

      @Override
      public void changed(Set<String> ids) {
        if (ids.contains("*") || ids.size() > settings.maxTargetedReload()) {
          load();
        } else {
          refresh(ids);
        }
      }
    }, ChangeListener.Settings.defaults(settings.resyncInterval()));
    listener.start();
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (listener != null) {
      listener.close();
    }
  }

  private void touch(AgentIdentity identity) {
    long now = System.nanoTime();
    Long recent = lastTouchNanos.get(identity.keyId());
    if (recent != null && now - recent < settings.touchInterval().toNanos()) {
      return; // the common case, without taking the map's lock
    }
    boolean[] due = {false};
    lastTouchNanos.compute(
        identity.keyId(),
        (id, last) -> {
          if (last == null || now - last >= settings.touchInterval().toNanos()) {
            due[0] = true;
            return now;
          }
          return last;
        });
    if (!due[0]) {
      return;
    }
    Instant at = Instant.now();
    try {
      executor.execute(
          () -> {
            try {
              agents.markUsed(List.of(identity.keyId()), at);
            } catch (StoreException e) {
              // Best effort: last_used_at is informational and will be written on a later use.
              log.debug("could not record key use: {}", e.getMessage());
            }
          });
    } catch (RejectedExecutionException e) {
      lastTouchNanos.remove(identity.keyId());
    }
  }
}
