package dev.airlock.admin.alerts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.store.AuditActor;
import dev.airlock.admin.store.AuditChange;
import dev.airlock.admin.store.AuditLog;
import dev.airlock.admin.store.Ids;
import dev.airlock.admin.store.Jdbc;
import dev.airlock.admin.store.KeysetCursor;
import dev.airlock.admin.store.StoreException;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The durable outbox of alert deliveries. A row holds one event owed to a chat channel, or a batch
 * of events owed to a bulk channel (syslog, webhook; see {@link ChannelType#batched}); rows are
 * added in multi-row inserts, once per (channel, event or batch id): a replayed one is ignored. Delivery workers on any number of nodes claim due rows with
 * {@code FOR UPDATE SKIP LOCKED} and lease them (a claimed row is due again only when its lease
 * ends, so a node that dies mid-send leaves it to another). Blocking JDBC: never on an event loop.
 */
public final class OutboxRepository {
  private static final String COLUMNS = "id, channel_id, event_id, event_type, event_count, event::text AS event,"
      + " events_deflated, attempts, next_attempt_at, status, last_error, created_at, delivered_at";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbc sql;
  private final AuditLog audit;

  public OutboxRepository(DataSource dataSource, AuditLog audit) {
    this.sql = new Jdbc(dataSource);
    this.audit = requireNonNull(audit, "audit");
  }

  /** An event owed to a channel. */
  public record Entry(String channelId, AlertEvent event) {
    public Entry {
      requireNonNull(channelId, "channelId");
      requireNonNull(event, "event");
    }

    Row row() {
      return Row.single(channelId, event.eventId(), event.eventType(), AlertEventJson.toJson(event).toString());
    }
  }

  /**
   * One row to add: one event ({@code event} a JSON object, {@code count} 1) or a batch of events
   * ({@code deflated} a JSON array of {@code count} events as {@link DeflatedJson} wrote it,
   * {@code eventId} the batch's own id). Exactly one of {@code event} and {@code deflated} is set.
   */
  public record Row(String channelId, String eventId, String eventType, int count, String event, byte[] deflated) {
    public Row {
      requireNonNull(channelId, "channelId");
      requireNonNull(eventId, "eventId");
      requireNonNull(eventType, "eventType");
      if ((event == null) == (deflated == null)) {
        throw new IllegalArgumentException("event, deflated: (expected: exactly one of them)");
      }
      if (count < 1) {
        throw new IllegalArgumentException("count: " + count + " (expected: >= 1)");
      }
    }

    public static Row single(String channelId, String eventId, String eventType, String event) {
      return new Row(channelId, eventId, eventType, 1, requireNonNull(event, "event"), null);
    }

    public static Row batch(String channelId, String batchId, int count, byte[] deflated) {
      return new Row(channelId, batchId, OutboxBatches.BATCH, count, null, requireNonNull(deflated, "deflated"));
    }
  }

  /**
   * Adds every entry in one statement; entries already present (same channel and event) and
   * entries of channels deleted meanwhile are skipped. Returns how many rows were added.
   */
  public int enqueue(List<Entry> entries) {
    List<Row> rows = new ArrayList<>(entries.size());
    entries.forEach(e -> rows.add(e.row()));
    return add(rows);
  }

  /**
   * Adds every row in one statement; rows already present (same channel and event or batch id) and
   * rows of channels deleted meanwhile are skipped, so a batch written again is a no-op. Returns
   * how many rows were added.
   */
  public int add(List<Row> rows) {
    if (rows.isEmpty()) {
      return 0;
    }
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      values.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
    }
    return sql.transaction("enqueue alert deliveries", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_outbox (id, channel_id, event_id,"
          + " event_type, event_count, event, events_deflated) SELECT v.id, v.ch, v.eid, v.et, v.n, v.ev::jsonb,"
          + " v.dfl::bytea FROM (VALUES " + values
          + ") AS v (id, ch, eid, et, n, ev, dfl) JOIN alert_channels a ON a.id = v.ch"
          + " ON CONFLICT (channel_id, event_id) DO NOTHING")) {
        int i = 0;
        for (Row r : rows) {
          ps.setString(++i, Ids.newId("dlv"));
          ps.setString(++i, r.channelId());
          ps.setString(++i, r.eventId());
          ps.setString(++i, r.eventType());
          ps.setInt(++i, r.count());
          ps.setString(++i, r.event());
          ps.setBytes(++i, r.deflated());
        }
        return ps.executeUpdate();
      }
    });
  }

  /** The delivery of {@code event} to {@code channelId}, added now or found already there. */
  public Delivery enqueueOne(String channelId, AlertEvent event) {
    enqueue(List.of(new Entry(channelId, event)));
    return sql.read("find alert delivery", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM alert_outbox WHERE channel_id = ? AND event_id = ?")) {
        ps.setString(1, channelId);
        ps.setString(2, event.eventId());
        return Jdbc.list(ps, OutboxRepository::map).stream().findFirst()
            .orElseThrow(() -> StoreException.notFound("alert channel not found: " + channelId));
      }
    });
  }

  /**
   * Up to {@code limit} due pending deliveries, oldest due first, leased for {@code lease}: no
   * other worker claims them before the lease ends (or this worker settles them). Rows are taken
   * while they carry fewer than {@code maxEvents} events together (always at least one row), which
   * bounds the memory a round of batch rows holds.
   */
  public List<Delivery> claim(int limit, int maxEvents, Duration lease) {
    return sql.transaction("claim alert deliveries", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE alert_outbox SET next_attempt_at = now() + ? *"
          + " interval '1 millisecond' WHERE id IN (SELECT id FROM (SELECT id, sum(event_count) OVER"
          + " (ORDER BY next_attempt_at, id) - event_count AS before FROM (SELECT id, event_count, next_attempt_at"
          + " FROM alert_outbox WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY next_attempt_at"
          + " LIMIT ? FOR UPDATE SKIP LOCKED) due) counted WHERE before < ?)"
          + " RETURNING " + COLUMNS)) {
        ps.setLong(1, lease.toMillis());
        ps.setInt(2, limit);
        ps.setInt(3, maxEvents);
        return Jdbc.list(ps, OutboxRepository::map);
      }
    });
  }

  /** Marks a delivery done. */
  public void delivered(String id, int attempts) {
    update("UPDATE alert_outbox SET status = 'delivered', attempts = ?, delivered_at = now(), last_error = NULL"
        + " WHERE id = ? AND status = 'pending'", ps -> {
          ps.setInt(1, attempts);
          ps.setString(2, id);
        });
  }

  /** Records a failed attempt: due again at {@code next}, or {@code dead} for good. */
  public void failed(String id, int attempts, Instant next, String error, boolean dead) {
    update("UPDATE alert_outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, status = ?"
        + " WHERE id = ? AND status = 'pending'", ps -> {
          ps.setInt(1, attempts);
          ps.setObject(2, Jdbc.timestamp(next));
          ps.setString(3, error);
          ps.setString(4, dead ? "dead" : "pending");
          ps.setString(5, id);
        });
  }

  /** Puts a delivery off until {@code until} without counting an attempt (the channel is rate-limited). */
  public void postpone(String id, Instant until, String reason) {
    update("UPDATE alert_outbox SET next_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'pending'", ps -> {
      ps.setObject(1, Jdbc.timestamp(until));
      ps.setString(2, reason);
      ps.setString(3, id);
    });
  }

  public Optional<Delivery> find(String id) {
    return sql.read("find alert delivery", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alert_outbox WHERE id = ?")) {
        ps.setString(1, id);
        return Jdbc.list(ps, OutboxRepository::map).stream().findFirst();
      }
    });
  }

  /** A channel's deliveries, newest first, optionally of one status. */
  public Page list(String channelId, Delivery.Status status, int limit, KeysetCursor after) {
    return sql.read("list alert deliveries", c -> {
      String where = " WHERE channel_id = ?" + (status == null ? "" : " AND status = ?");
      long total;
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM alert_outbox" + where)) {
        ps.setString(1, channelId);
        if (status != null) {
          ps.setString(2, status.slug());
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alert_outbox" + where
          + (after == null ? "" : " AND (created_at, id) < (?, ?)") + " ORDER BY created_at DESC, id DESC LIMIT ?")) {
        int i = 0;
        ps.setString(++i, channelId);
        if (status != null) {
          ps.setString(++i, status.slug());
        }
        if (after != null) {
          ps.setObject(++i, Jdbc.timestamp(after.time()));
          ps.setString(++i, after.id());
        }
        ps.setInt(++i, limit + 1);
        List<Delivery> items = new ArrayList<>(Jdbc.list(ps, OutboxRepository::map));
        KeysetCursor next = null;
        if (items.size() > limit) {
          items = new ArrayList<>(items.subList(0, limit));
          Delivery last = items.get(items.size() - 1);
          next = new KeysetCursor(last.createdAt(), last.id());
        }
        return new Page(List.copyOf(items), total, next);
      }
    });
  }

  /** One page of deliveries; {@code next} is null on the last. */
  public record Page(List<Delivery> items, long total, KeysetCursor next) {}

  /**
   * Sends a dead delivery again: pending, attempts reset, due now; audited.
   *
   * @throws StoreException NOT_FOUND when the channel has no such delivery, CONFLICT when it is not dead
   */
  public Delivery retry(String channelId, String id, AuditActor actor, String env) {
    return sql.transaction("retry alert delivery " + id, c -> {
      Delivery before;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM alert_outbox WHERE id = ? AND channel_id = ? FOR UPDATE")) {
        ps.setString(1, id);
        ps.setString(2, channelId);
        before = Jdbc.list(ps, OutboxRepository::map).stream().findFirst()
            .orElseThrow(() -> StoreException.notFound("delivery not found: " + id));
      }
      if (before.status() != Delivery.Status.DEAD) {
        throw new StoreException(StoreException.Kind.CONFLICT, "delivery_not_dead",
            "delivery " + id + " is " + before.status().slug() + "; only a dead delivery is retried", "status");
      }
      Delivery after;
      try (PreparedStatement ps = c.prepareStatement("UPDATE alert_outbox SET status = 'pending', attempts = 0,"
          + " next_attempt_at = now(), last_error = NULL WHERE id = ? RETURNING " + COLUMNS)) {
        ps.setString(1, id);
        after = Jdbc.list(ps, OutboxRepository::map).get(0);
      }
      audit.append(c, actor, new AuditChange("alert_delivery.retry", "alert_delivery", id, env,
          summary(before), summary(after)));
      return after;
    });
  }

  /** Pending deliveries (the backlog), for metrics. */
  public long pendingCount() {
    return sql.read("count alert backlog", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM alert_outbox WHERE status = 'pending'");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode summary(Delivery d) {
    com.fasterxml.jackson.databind.node.ObjectNode n = d.toJson();
    n.remove("event");
    return n;
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private void update(String statement, Binder binder) {
    sql.read("settle alert delivery", c -> {
      try (PreparedStatement ps = c.prepareStatement(statement)) {
        binder.bind(ps);
        return ps.executeUpdate();
      }
    });
  }

  private static Delivery map(ResultSet rs) throws SQLException {
    try {
      byte[] deflated = rs.getBytes("events_deflated");
      return new Delivery(rs.getString("id"), rs.getString("channel_id"), rs.getString("event_id"),
          rs.getString("event_type"), rs.getInt("event_count"),
          deflated != null ? DeflatedJson.read(deflated) : JSON.readTree(rs.getString("event")),
          rs.getInt("attempts"),
          Jdbc.instant(rs, "next_attempt_at"), Delivery.Status.of(rs.getString("status")), rs.getString("last_error"),
          Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "delivered_at"));
    } catch (IOException e) {
      throw new SQLException("alert delivery event is not JSON", e);
    }
  }

}
