package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily upkeep of the trace table, on a thread of its own, off every request path: creates the
 * day partitions from yesterday to {@value #DAYS_AHEAD} days ahead, then purges what is past its
 * retention window ({@link TraceRetention}).
 *
 * <p>It runs when the store opens and then once per UTC day, checked every {@code tick}. Nodes
 * sharing a database take turns through an advisory lock: while one node works, the others skip
 * and look again at their next tick.
 */
public final class TraceMaintenance implements AutoCloseable {
  public static final int DAYS_AHEAD = 7;
  /** Advisory lock key: "airlock" trace upkeep, the same on every node. */
  static final long LOCK_KEY = 0x6169726c6f636b01L;
  private static final Logger log = LoggerFactory.getLogger(TraceMaintenance.class);

  private final DataSource dataSource;
  private final TracePartitions partitions;
  private final TraceRetention retention;
  private final Clock clock;
  private final Duration tick;
  private ScheduledExecutorService scheduler;
  // Confined to the scheduler's thread.
  private LocalDate doneFor;
  private boolean failing;

  public TraceMaintenance(DataSource dataSource, TracePartitions partitions, TraceRetention retention, Clock clock,
      Duration tick) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
    this.partitions = requireNonNull(partitions, "partitions");
    this.retention = requireNonNull(retention, "retention");
    this.clock = requireNonNull(clock, "clock");
    this.tick = requireNonNull(tick, "tick");
    if (tick.toMillis() < 1) {
      throw new IllegalArgumentException("tick: " + tick + " (expected: >= 1ms)");
    }
  }

  /** Starts the schedule: a first run now, then one per UTC day (once; later calls do nothing). */
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "airlock-trace-upkeep");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(this::tick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tick() {
    LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    if (today.equals(doneFor)) {
      return;
    }
    try {
      if (runNow().isPresent()) {
        doneFor = today;
      }
      if (failing) {
        failing = false;
        log.info("trace upkeep works again");
      }
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        log.warn("trace upkeep failed, trying again in {}: {}", tick, Causes.oneLine(e));
      }
    }
  }

  /**
   * One upkeep now, on the caller's thread: partitions ahead, then the purge. Empty when another
   * node is doing it at this moment.
   */
  public Optional<TraceRetention.Purged> runNow() {
    // A transaction-level lock on a connection of its own: it ends with that transaction whatever
    // happens, so a failure can never leave the lock held on a pooled connection.
    try (Connection lock = dataSource.getConnection()) {
      lock.setAutoCommit(false);
      try {
        if (!tryLock(lock)) {
          return Optional.empty();
        }
        Instant now = clock.instant();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        int created = partitions.ensure(today.minusDays(1), today.plusDays(DAYS_AHEAD));
        TraceRetention.Purged purged = retention.purge(now);
        if (created > 0 || !purged.droppedPartitions().isEmpty() || purged.deletedRows() > 0) {
          log.info("traces: {} day partition(s) created, {} dropped past retention {}, {} older row(s) deleted",
              created, purged.droppedPartitions().size(), purged.droppedPartitions(), purged.deletedRows());
        }
        return Optional.of(purged);
      } finally {
        lock.rollback();
        lock.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("trace upkeep failed: " + e.getMessage(), e);
    }
  }

  private static boolean tryLock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
      ps.setLong(1, LOCK_KEY);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      try {
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
