package dev.airlock.proxy.exfil;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fingerprints of the sensitive values each agent read in recent responses, with where each was
 * read from, kept for a window (5 minutes by default). Bounded per agent and in total: the oldest
 * read goes first. Node-local memory only; thread-safe (one lock, constant work per call).
 */
public final class ReadFingerprints {
  /**
   * @param window how long a value read stays remembered (from its latest read)
   * @param maxPerAgent values remembered per agent at most
   * @param maxTotal values remembered over all agents at most
   */
  public record Settings(Duration window, int maxPerAgent, int maxTotal) {
    public Settings {
      requireNonNull(window, "window");
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("window: " + window + " (expected: > 0)");
      }
      if (maxPerAgent < 1 || maxTotal < 1) {
        throw new IllegalArgumentException("maxPerAgent, maxTotal: " + maxPerAgent + ", " + maxTotal
            + " (expected: >= 1)");
      }
    }

    public static Settings defaults() {
      return new Settings(Duration.ofMinutes(5), 10_000, 500_000);
    }
  }

  /** Where a value was read: the tool and the host that answered with it. */
  public record Source(String tool, String host) {
    public Source {
      requireNonNull(tool, "tool");
      requireNonNull(host, "host");
    }
  }

  /** A value kept at most under this many sources; more are not told apart. */
  static final int MAX_SOURCES = 4;

  private record Key(String agent, String fingerprint) {}

  private static final class Entry {
    final Key key;
    long expiresAtMillis;
    final List<Source> sources = new ArrayList<>(1);

    Entry(Key key) {
      this.key = key;
    }
  }

  private final Settings settings;
  private final Clock clock;
  private final Object lock = new Object();
  /** Every entry, least recently read first. */
  private final LinkedHashMap<Key, Entry> all = new LinkedHashMap<>();
  /** Each agent's entries, least recently read first. */
  private final Map<String, LinkedHashMap<String, Entry>> byAgent = new HashMap<>();

  public ReadFingerprints(Settings settings, Clock clock) {
    this.settings = requireNonNull(settings, "settings");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Remembers that {@code agent} read the value with this fingerprint from {@code source}. */
  public void record(String agent, String fingerprint, Source source) {
    requireNonNull(agent, "agent");
    requireNonNull(fingerprint, "fingerprint");
    requireNonNull(source, "source");
    long now = clock.millis();
    synchronized (lock) {
      purgeExpired(now);
      Key key = new Key(agent, fingerprint);
      Entry e = all.remove(key);
      LinkedHashMap<String, Entry> own = byAgent.computeIfAbsent(agent, a -> new LinkedHashMap<>());
      if (e == null) {
        e = new Entry(key);
      } else {
        own.remove(fingerprint);
      }
      if (!e.sources.contains(source) && e.sources.size() < MAX_SOURCES) {
        e.sources.add(source);
      }
      e.expiresAtMillis = now + settings.window().toMillis();
      all.put(key, e);
      own.put(fingerprint, e);
      if (own.size() > settings.maxPerAgent()) {
        remove(own.values().iterator().next());
      }
      if (all.size() > settings.maxTotal()) {
        remove(all.values().iterator().next());
      }
    }
  }

  /** Whether {@code agent} read anything within the window (a cheap test before fingerprinting). */
  public boolean hasReads(String agent) {
    long now = clock.millis();
    synchronized (lock) {
      purgeExpired(now);
      return byAgent.containsKey(agent);
    }
  }

  /** Where {@code agent} read the value with this fingerprint within the window; empty if it did not. */
  public List<Source> sources(String agent, String fingerprint) {
    long now = clock.millis();
    synchronized (lock) {
      Entry e = all.get(new Key(agent, fingerprint));
      return e == null || e.expiresAtMillis <= now ? List.of() : List.copyOf(e.sources);
    }
  }

  /** Values remembered now (expired ones may still count until the next record). */
  public int size() {
    synchronized (lock) {
      return all.size();
    }
  }

  /** Entries expire in the order they were last read (one window for all): drop them from the front. */
  private void purgeExpired(long now) {
    Iterator<Entry> it = all.values().iterator();
    while (it.hasNext()) {
      Entry e = it.next();
      if (e.expiresAtMillis > now) {
        return;
      }
      it.remove();
      dropFromAgent(e);
    }
  }

  private void remove(Entry e) {
    all.remove(e.key);
    dropFromAgent(e);
  }

  private void dropFromAgent(Entry e) {
    LinkedHashMap<String, Entry> own = byAgent.get(e.key.agent());
    if (own != null) {
      own.remove(e.key.fingerprint());
      if (own.isEmpty()) {
        byAgent.remove(e.key.agent());
      }
    }
  }
}
