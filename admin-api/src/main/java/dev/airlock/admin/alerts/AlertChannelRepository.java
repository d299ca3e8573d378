package dev.airlock.admin.alerts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.AuditActor;
import dev.airlock.admin.store.AuditChange;
import dev.airlock.admin.store.AuditLog;
import dev.airlock.admin.store.Ids;
import dev.airlock.admin.store.Jdbc;
import dev.airlock.admin.store.KeysetCursor;
import dev.airlock.admin.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Alert channels in PostgreSQL. Every change is recorded in the audit log in its own transaction,
 * with the channel's masked view before and after. The database announces every change (kind
 * {@code alert_channels}, migration V16). Blocking JDBC: call from a store executor.
 */
public final class AlertChannelRepository {
  private static final String COLUMNS = "id, name, type, env_names, events, min_severity, tools, agents,"
      + " config::text AS config, enabled, created_at, updated_at";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbc sql;
  private final AuditLog audit;

  public AlertChannelRepository(DataSource dataSource, AuditLog audit) {
    this.sql = new Jdbc(dataSource);
    this.audit = requireNonNull(audit, "audit");
  }

  /** A new channel id ({@code ach_…}). */
  public static String newId() {
    return Ids.newId("ach");
  }

  /**
   * @throws StoreException CONFLICT when the name is taken
   */
  public AlertChannel create(ChannelSpec spec, AuditActor actor) {
    return sql.transaction("create alert channel " + spec.name(), c -> {
      AlertChannel created = insert(c, newId(), spec);
      audit.append(c, actor, change("alert_channel.create", null, created));
      return created;
    });
  }

  public Optional<AlertChannel> find(String id) {
    return sql.read("find alert channel", c -> one(c, "id = ?", id, false));
  }

  public Optional<AlertChannel> findByName(String name) {
    return sql.read("find alert channel", c -> one(c, "name = ?", name, false));
  }

  /** Every channel, oldest first: what each node keeps in memory. */
  public List<AlertChannel> all() {
    return sql.read("load alert channels", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alert_channels ORDER BY created_at, id")) {
        return Jdbc.list(ps, AlertChannelRepository::map);
      }
    });
  }

  /**
   * Newest first; {@code env} keeps channels serving that environment (by name or {@code *}).
   *
   * @param after the last channel of the previous page, or null
   */
  public Page list(String env, int limit, KeysetCursor after) {
    return sql.read("list alert channels", c -> {
      String where = env == null ? "TRUE" : "(? = ANY (env_names) OR '*' = ANY (env_names))";
      long total;
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM alert_channels WHERE " + where)) {
        if (env != null) {
          ps.setString(1, env);
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      String page = after == null ? "" : " AND (created_at, id) < (?, ?)";
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alert_channels WHERE " + where
          + page + " ORDER BY created_at DESC, id DESC LIMIT ?")) {
        int i = 0;
        if (env != null) {
          ps.setString(++i, env);
        }
        if (after != null) {
          ps.setObject(++i, Jdbc.timestamp(after.time()));
          ps.setString(++i, after.id());
        }
        ps.setInt(++i, limit + 1);
        List<AlertChannel> items = new ArrayList<>(Jdbc.list(ps, AlertChannelRepository::map));
        KeysetCursor next = null;
        if (items.size() > limit) {
          items = new ArrayList<>(items.subList(0, limit));
          AlertChannel last = items.get(items.size() - 1);
          next = new KeysetCursor(last.createdAt(), last.id());
        }
        return new Page(List.copyOf(items), total, next);
      }
    });
  }

  /** One page of channels; {@code next} is null on the last. */
  public record Page(List<AlertChannel> items, long total, KeysetCursor next) {}

  /**
   * Replaces the definition of channel {@code id}, given what it is now.
   *
   * @throws StoreException NOT_FOUND, or CONFLICT when the new name is taken
   */
  public AlertChannel update(String id, java.util.function.UnaryOperator<ChannelSpec> edit, AuditActor actor) {
    return sql.transaction("update alert channel " + id, c -> {
      AlertChannel before = one(c, "id = ?", id, true).orElseThrow(() -> notFound(id));
      AlertChannel after = write(c, id, edit.apply(before.spec()));
      audit.append(c, actor, change("alert_channel.update", before, after));
      return after;
    });
  }

  /** @throws StoreException NOT_FOUND */
  public AlertChannel delete(String id, AuditActor actor) {
    return sql.transaction("delete alert channel " + id, c -> {
      AlertChannel before = one(c, "id = ?", id, true).orElseThrow(() -> notFound(id));
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM alert_channels WHERE id = ?")) {
        ps.setString(1, id);
        ps.executeUpdate();
      }
      audit.append(c, actor, change("alert_channel.delete", before, null));
      return before;
    });
  }

  /**
   * Makes the stored channel named like {@code spec} equal to it (created when missing); records
   * and returns true only when something changed. Used for channels declared in the config file.
   */
  public boolean upsertByName(ChannelSpec spec, AuditActor actor) {
    return sql.transaction("declare alert channel " + spec.name(), c -> {
      Optional<AlertChannel> before = one(c, "name = ?", spec.name(), true);
      if (before.isEmpty()) {
        AlertChannel created = insert(c, newId(), spec);
        audit.append(c, actor, change("alert_channel.create", null, created));
        return true;
      }
      if (same(before.get().spec(), spec)) {
        return false;
      }
      AlertChannel after = write(c, before.get().id(), spec);
      audit.append(c, actor, change("alert_channel.update", before.get(), after));
      return true;
    });
  }

  private static boolean same(ChannelSpec a, ChannelSpec b) {
    return a.name().equals(b.name()) && a.type() == b.type() && a.envNames().equals(b.envNames())
        && a.events().equals(b.events()) && a.minSeverity().equals(b.minSeverity()) && a.tools().equals(b.tools())
        && a.agents().equals(b.agents()) && a.config().equals(b.config()) && a.enabled() == b.enabled();
  }

  private static AlertChannel insert(Connection c, String id, ChannelSpec s) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_channels (id, name, type, env_names, events,"
        + " min_severity, tools, agents, config, enabled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) RETURNING "
        + COLUMNS)) {
      ps.setString(1, id);
      bind(c, ps, 2, s);
      return Jdbc.list(ps, AlertChannelRepository::map).get(0);
    }
  }

  private static AlertChannel write(Connection c, String id, ChannelSpec s) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE alert_channels SET name = ?, type = ?, env_names = ?,"
        + " events = ?, min_severity = ?, tools = ?, agents = ?, config = ?::jsonb, enabled = ?, updated_at = now()"
        + " WHERE id = ? RETURNING " + COLUMNS)) {
      bind(c, ps, 1, s);
      ps.setString(10, id);
      return Jdbc.list(ps, AlertChannelRepository::map).get(0);
    }
  }

  private static void bind(Connection c, PreparedStatement ps, int from, ChannelSpec s) throws SQLException {
    int i = from;
    ps.setString(i++, s.name());
    ps.setString(i++, s.type().slug());
    ps.setArray(i++, Jdbc.textArray(c, s.envNames()));
    ps.setArray(i++, Jdbc.textArray(c, s.events()));
    ps.setString(i++, s.minSeverity());
    ps.setArray(i++, Jdbc.textArray(c, s.tools()));
    ps.setArray(i++, Jdbc.textArray(c, s.agents()));
    ps.setString(i++, s.config().toString());
    ps.setBoolean(i, s.enabled());
  }

  private static Optional<AlertChannel> one(Connection c, String where, String value, boolean lock)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM alert_channels WHERE " + where + (lock ? " FOR UPDATE" : ""))) {
      ps.setString(1, value);
      return Jdbc.list(ps, AlertChannelRepository::map).stream().findFirst();
    }
  }

  private static AlertChannel map(ResultSet rs) throws SQLException {
    ObjectNode config;
    try {
      config = (ObjectNode) JSON.readTree(rs.getString("config"));
    } catch (JsonProcessingException e) {
      throw new SQLException("alert channel config is not JSON", e);
    }
    ChannelSpec spec = new ChannelSpec(rs.getString("name"), ChannelType.of(rs.getString("type")),
        Jdbc.strings(rs, "env_names"), Jdbc.strings(rs, "events"), rs.getString("min_severity"),
        Jdbc.strings(rs, "tools"), Jdbc.strings(rs, "agents"), config, rs.getBoolean("enabled"));
    return new AlertChannel(rs.getString("id"), spec, Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"));
  }

  private static AuditChange change(String action, AlertChannel before, AlertChannel after) {
    AlertChannel any = after != null ? after : before;
    String env = any.spec().envNames().size() == 1 && !any.spec().allEnvironments()
        ? any.spec().envNames().get(0) : null;
    return new AuditChange(action, "alert_channel", any.id(), env,
        before == null ? null : ChannelJson.view(before), after == null ? null : ChannelJson.view(after));
  }

  private static StoreException notFound(String id) {
    return StoreException.notFound("alert channel not found: " + id);
  }
}
