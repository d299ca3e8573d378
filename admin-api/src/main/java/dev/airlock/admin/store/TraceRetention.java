package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Removes traces older than their retention window (SPEC §5.1: production environments 365 days,
 * the others 90, both configurable). A trace is kept at least its window and removed within the
 * following day: windows end at UTC midnight, the boundary of the day partitions.
 *
 * <p>Partitions hold every environment, so whole days are dropped once they are past the longest
 * window; inside the younger days, the rows of the class with the shorter window (usually the
 * non-production environments) are deleted through the (env, time) index. An environment counts as
 * production while it is flagged so; a deleted environment, which cannot have been a production one,
 * keeps its traces for the other window.
 */
public final class TraceRetention {
  /** What one purge removed. */
  public record Purged(List<String> droppedPartitions, long deletedRows) {
    public Purged {
      droppedPartitions = List.copyOf(droppedPartitions);
    }
  }

  private final Jdbc jdbc;
  private final TracePartitions partitions;
  private final RetentionWindows windows;

  public TraceRetention(DataSource dataSource, TracePartitions partitions, RetentionWindows windows) {
    this.jdbc = new Jdbc(dataSource);
    this.partitions = requireNonNull(partitions, "partitions");
    this.windows = requireNonNull(windows, "windows");
  }

  public RetentionWindows windows() {
    return windows;
  }

  /** Removes what is past its window at {@code now}. Blocking; takes as long as the deletes. */
  public Purged purge(Instant now) {
    Instant longest = cutoff(now, windows.longestDays());
    List<String> dropped = new ArrayList<>();
    List<TracePartitions.Day> kept = new ArrayList<>();
    for (TracePartitions.Day day : partitions.days()) {
      if (!day.end().isAfter(longest)) {
        partitions.drop(day);
        dropped.add(day.table());
      } else {
        kept.add(day);
      }
    }
    long deleted = partitions.deleteOlder(TracePartitions.DEFAULT_PARTITION, longest, null);
    if (windows.productionDays() != windows.otherDays()) {
      boolean productionShorter = windows.productionDays() < windows.otherDays();
      Instant shorter = cutoff(now, productionShorter ? windows.productionDays() : windows.otherDays());
      List<String> envs = shorterWindowEnvs(shorter, productionShorter);
      if (!envs.isEmpty()) {
        for (TracePartitions.Day day : kept) {
          if (day.day().atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(shorter)) {
            deleted += partitions.deleteOlder(day.table(), shorter, envs);
          }
        }
        deleted += partitions.deleteOlder(TracePartitions.DEFAULT_PARTITION, shorter, envs);
      }
    }
    return new Purged(dropped, deleted);
  }

  /** The environments with traces older than {@code before} whose class has the shorter window. */
  private List<String> shorterWindowEnvs(Instant before, boolean productionShorter) {
    Set<String> production = productionEnvs();
    List<String> out = new ArrayList<>();
    for (String env : partitions.envsWithTracesBefore(before)) {
      if (production.contains(env) == productionShorter) {
        out.add(env);
      }
    }
    return out;
  }

  private Set<String> productionEnvs() {
    return jdbc.read("list production environments", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT slug FROM environments WHERE is_production");
          ResultSet rs = ps.executeQuery()) {
        Set<String> out = new HashSet<>();
        while (rs.next()) {
          out.add(rs.getString(1));
        }
        return out;
      }
    });
  }

  /** The start of the UTC day {@code days} before {@code now}: rows older than this are past the window. */
  static Instant cutoff(Instant now, int days) {
    LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate().minusDays(days);
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
