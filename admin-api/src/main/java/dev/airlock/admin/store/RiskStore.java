package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import dev.airlock.admin.store.DestinationRepository.Stored;
import dev.airlock.admin.store.TrustRepository.StoredTrustChange;
import dev.airlock.proxy.risk.Destination;
import dev.airlock.proxy.risk.NewDestinations;
import dev.airlock.proxy.risk.TrustBook;
import dev.airlock.proxy.risk.TrustChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's {@link NewDestinations} and {@link TrustBook} and the database in step, off the
 * request path: what this node learned is written in batches by a thread of its own; what other
 * nodes wrote is read after their notification ({@link #reloadDestinations}, {@link #reloadTrust},
 * registered with the {@link ChangeFeed}) — only the rows past the highest id already read, plus a
 * short overlap, since ids are handed out before their transactions commit and may become visible
 * out of order.
 */
public final class RiskStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RiskStore.class);
  static final int BATCH = 1_000;
  /**
   * Rows re-read below the highest id seen, for rows committed late. Destinations merge
   * idempotently; trust changes already applied are skipped by id.
   */
  static final long OVERLAP = 1_000;

  private final NewDestinations destinations;
  private final TrustBook trust;
  private final DestinationRepository destinationRows;
  private final TrustRepository trustRows;
  private final String node = "node_" + UUID.randomUUID();
  private final ScheduledExecutorService writer;
  private final Duration flushInterval;
  private final NavigableSet<Long> trustApplied = new ConcurrentSkipListSet<>();
  private volatile long destinationMark;
  private volatile long trustMark;
  private volatile boolean loaded;
  private boolean started;

  public RiskStore(NewDestinations destinations, TrustBook trust, DestinationRepository destinationRows,
      TrustRepository trustRows, Duration flushInterval) {
    this.destinations = requireNonNull(destinations, "destinations");
    this.trust = requireNonNull(trust, "trust");
    this.destinationRows = requireNonNull(destinationRows, "destinationRows");
    this.trustRows = requireNonNull(trustRows, "trustRows");
    this.flushInterval = requireNonNull(flushInterval, "flushInterval");
    this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "airlock-risk-store");
      t.setDaemon(true);
      return t;
    });
  }

  /** Loads what is stored (every destination, each agent's latest trust). Blocking; once the store is open. */
  public synchronized void load() {
    reloadDestinations();
    TrustRepository.Latest latest = trustRows.latest();
    for (StoredTrustChange s : latest.perAgent()) {
      TrustChange c = s.change();
      trust.load(c.env(), c.agent(), c.scoreAfter(), c.time());
    }
    trustMark = latest.maxId();
    // The loaded scores include the latest changes: the overlap re-read must not apply them again.
    for (long id = Math.max(1, trustMark - OVERLAP + 1); id <= trustMark; id++) {
      trustApplied.add(id);
    }
    loaded = true;
  }

  /** Starts writing what this node learns every flush interval. */
  public synchronized RiskStore start() {
    if (started) {
      return this;
    }
    started = true;
    long ms = Math.max(1, flushInterval.toMillis());
    writer.scheduleWithFixedDelay(this::flushQuietly, ms, ms, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Merges the destinations stored since the last read. Blocking. */
  public synchronized void reloadDestinations() {
    List<Stored<Destination>> rows;
    do {
      rows = destinationRows.after(Math.max(0, destinationMark - OVERLAP), BATCH);
      List<Destination> values = new ArrayList<>(rows.size());
      long max = destinationMark;
      for (Stored<Destination> row : rows) {
        values.add(row.value());
        max = Math.max(max, row.id());
      }
      destinations.merge(values);
      boolean advanced = max > destinationMark;
      destinationMark = max;
      if (!advanced) {
        return;
      }
    } while (rows.size() == BATCH);
  }

  /** Applies the trust changes other nodes stored since the last read. Blocking. */
  public synchronized void reloadTrust() {
    if (!loaded) {
      return; // load() sets the scores and the mark first
    }
    List<Stored<StoredTrustChange>> rows;
    do {
      rows = trustRows.after(Math.max(0, trustMark - OVERLAP), BATCH);
      long max = trustMark;
      for (Stored<StoredTrustChange> row : rows) {
        max = Math.max(max, row.id());
        // Each change once: the ids of the overlap were applied already, or loaded as a score.
        if (trustApplied.add(row.id()) && !node.equals(row.value().node())) {
          trust.apply(row.value().change());
        }
      }
      boolean advanced = max > trustMark;
      trustMark = max;
      trustApplied.headSet(trustMark - OVERLAP, false).clear();
      if (!advanced) {
        return;
      }
    } while (rows.size() == BATCH);
  }

  /** Writes what this node learned and has not stored yet. Blocking; failures leave it queued. */
  public void flush() {
    List<Destination> learned = destinations.drain(BATCH);
    while (!learned.isEmpty()) {
      try {
        destinationRows.insert(learned);
      } catch (StoreException e) {
        destinations.requeue(learned);
        throw e;
      }
      learned = destinations.drain(BATCH);
    }
    List<TrustChange> changes = trust.drain(BATCH);
    while (!changes.isEmpty()) {
      try {
        trustRows.insert(changes, node);
      } catch (StoreException e) {
        trust.requeue(changes);
        throw e;
      }
      changes = trust.drain(BATCH);
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      log.warn("agent destinations and trust changes not stored yet, retrying: {}", e.getMessage());
    }
  }

  /** This node's id in the trust history. */
  public String node() {
    return node;
  }

  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (loaded) {
      flushQuietly();
    }
  }
}
