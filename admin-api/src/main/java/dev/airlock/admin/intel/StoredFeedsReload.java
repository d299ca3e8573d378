package dev.airlock.admin.intel;

import static java.util.Objects.requireNonNull;

import dev.airlock.admin.store.StoredFeed;
import dev.airlock.admin.store.ThreatFeedRepository;
import dev.airlock.proxy.intel.Feed;
import dev.airlock.proxy.intel.FeedFormat;
import dev.airlock.proxy.intel.FeedParser;
import dev.airlock.proxy.intel.ThreatIntel;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the feeds stored through the admin API into this node's {@link ThreatIntel} (source {@link
 * ThreatIntel#API}): at start, after the API changed one, and whenever another node announces a
 * change ({@code threat_intel} on the change feed). Blocking: runs on a store or change-feed thread.
 */
public final class StoredFeedsReload implements Runnable {
  private final ThreatFeedRepository feeds;
  private final ThreatIntel intel;
  private final FeedParser parser = new FeedParser();
  private List<String> loaded;

  public StoredFeedsReload(ThreatFeedRepository feeds, ThreatIntel intel) {
    this.feeds = requireNonNull(feeds, "feeds");
    this.intel = requireNonNull(intel, "intel");
  }

  @Override
  public synchronized void run() {
    // The periodic resync runs this too: unchanged feeds (same names and content hashes) are not re-read.
    List<String> stamp = feeds.list().stream().map(f -> f.name() + "/" + f.sha256() + "/" + f.format()).toList();
    if (stamp.equals(loaded)) {
      return;
    }
    List<Feed> parsed = new ArrayList<>();
    List<String> loading = new ArrayList<>();
    for (StoredFeed f : feeds.loadAll()) {
      loading.add(f.name() + "/" + f.sha256() + "/" + f.format());
      FeedFormat format = FeedFormat.of(f.format());
      parsed.add(parser.parse(f.name(), format == null ? FeedFormat.PLAIN : format, f.content()));
    }
    intel.replace(ThreatIntel.API, parsed);
    loaded = loading;
  }
}
