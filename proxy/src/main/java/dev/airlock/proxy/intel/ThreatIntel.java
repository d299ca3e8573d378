package dev.airlock.proxy.intel;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The threat-intel feeds a node enforces, from every source (feed files, the admin API), and the
 * index they compile to. Each source is replaced whole ({@link #replace}); the source's index is
 * compiled on the caller's thread and published with one volatile write, so {@link #match} on an
 * event loop never waits and never sees half a change. Sources are independent: a change of the
 * API's few feeds does not recompile a million indicators from files.
 */
public final class ThreatIntel {
  /** Feeds from files in the threat-intel directory. */
  public static final String FILES = "file";
  /** Feeds stored through the admin API. */
  public static final String API = "api";

  /**
   * What the listing shows of one feed.
   *
   * @param source {@link #FILES} or {@link #API}
   * @param invalid lines skipped because they held no indicator
   */
  public record FeedStatus(String name, String source, String format, int domains, int ips, int urls, int invalid,
      List<String> invalidSamples, Instant loadedAt) {
    public int indicators() {
      return domains + ips + urls;
    }
  }

  private record Source(ThreatIndex index, List<FeedStatus> feeds) {}

  private final Clock clock;
  /** By source name, in a fixed order: which feed is named when several list a destination does not flap. */
  private volatile Map<String, Source> sources = Map.of();

  public ThreatIntel() {
    this(Clock.systemUTC());
  }

  public ThreatIntel(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  /** Replaces every feed of {@code source} with {@code feeds}. Compiles: call off the event loop. */
  public void replace(String source, List<Feed> feeds) {
    requireNonNull(source, "source");
    List<Feed> sorted = new ArrayList<>(feeds);
    sorted.sort(Comparator.comparing(Feed::name));
    ThreatIndex index = sorted.isEmpty() ? ThreatIndex.EMPTY : new ThreatIndex(sorted);
    Instant now = clock.instant();
    List<FeedStatus> statuses = sorted.stream().map(f -> new FeedStatus(f.name(), source, f.format().slug(),
        f.domainCount(), f.ipCount(), f.urlCount(), f.invalid(), f.invalidSamples(), now)).toList();
    synchronized (this) {
      Map<String, Source> next = new TreeMap<>(sources);
      next.put(source, new Source(index, statuses));
      sources = Collections.unmodifiableMap(next);
    }
  }

  /**
   * The name of a feed listing this destination, or null. Memory only; safe on an event loop.
   *
   * @param host the requested host name or IP literal
   * @param address the address the request goes to, or null
   * @param urlKey the request URL from {@link ThreatIndex#urlKey}, or null
   */
  public String match(String host, InetAddress address, String urlKey) {
    for (Source s : sources.values()) {
      String feed = s.index.match(host, address, urlKey);
      if (feed != null) {
        return feed;
      }
    }
    return null;
  }

  /** Whether no indicator is loaded at all: then nothing can match and a lookup is skipped. */
  public boolean isEmpty() {
    for (Source s : sources.values()) {
      if (s.index.size() > 0) {
        return false;
      }
    }
    return true;
  }

  /** Every loaded feed, by source then name. */
  public List<FeedStatus> feeds() {
    List<FeedStatus> all = new ArrayList<>();
    sources.values().forEach(s -> all.addAll(s.feeds));
    return all;
  }

  /** How many indicators are compiled, over all sources. */
  public int size() {
    return sources.values().stream().mapToInt(s -> s.index.size()).sum();
  }
}
