package dev.airlock.admin.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.incidents.IncidentDetail.ActionRecord;
import dev.airlock.admin.incidents.IncidentDetail.Note;
import dev.airlock.admin.incidents.IncidentDetail.TimelineEntry;
import dev.airlock.admin.store.AuditActor;
import dev.airlock.admin.store.AuditChange;
import dev.airlock.admin.store.AuditLog;
import dev.airlock.admin.store.Ids;
import dev.airlock.admin.store.Jdbc;
import dev.airlock.admin.store.KeysetCursor;
import dev.airlock.admin.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import javax.sql.DataSource;

/**
 * Incidents, their traces, notes and actions. Every change made by a person is recorded in the audit log in its own transaction. Blocking JDBC.
 */
public final class IncidentRepository {
  static final String COLUMNS = "id, title, severity, env, agent, trigger, status, resolution, opened_by, opened_at,"
      + " updated_at, closed_at, trace_count, note_count, action_count";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbc db;
  private final AuditLog audit;

  public IncidentRepository(DataSource dataSource, AuditLog audit) {
    this.db = new Jdbc(dataSource);
    this.audit = audit;
  }

  public static String newId() {
    return Ids.newId("inc");
  }

  /** A page of incidents, newest opened first; the total counts every match. */
  public Page list(IncidentQuery q) {
    return db.read("list incidents", c -> {
      StringBuilder where = new StringBuilder(" WHERE true");
      List<Object> args = new ArrayList<>();
      filter(where, args, "env = ?", q.env());
      filter(where, args, "status = ?", q.status());
      filter(where, args, "severity = ?", q.severity());
      filter(where, args, "agent = ?", q.agent());
      filter(where, args, "trigger = ?", q.trigger());
      filter(where, args, "opened_at >= ?", Jdbc.timestamp(q.since()));
      filter(where, args, "opened_at < ?", Jdbc.timestamp(q.until()));
      long total;
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM incidents" + where)) {
        Jdbc.bind(ps, args.toArray());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      if (q.after() != null) {
        where.append(" AND (opened_at, id) < (?, ?)");
        args.add(Jdbc.timestamp(q.after().time()));
        args.add(q.after().id());
      }
      args.add(q.limit() + 1);
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM incidents" + where
          + " ORDER BY opened_at DESC, id DESC LIMIT ?")) {
        Jdbc.bind(ps, args.toArray());
        List<Incident> rows = Jdbc.list(ps, IncidentRepository::map);
        KeysetCursor next = null;
        if (rows.size() > q.limit()) {
          rows = rows.subList(0, q.limit());
          Incident last = rows.get(rows.size() - 1);
          next = new KeysetCursor(last.openedAt(), last.id());
        }
        return new Page(List.copyOf(rows), total, next);
      }
    });
  }

  public Optional<Incident> find(String id) {
    return db.read("read incident", c -> find(c, id, false));
  }

  /** The incident with its timeline (traces read from the traces table), notes and actions. */
  public IncidentDetail detail(Incident incident) {
    return db.read("read incident", c -> {
      List<TimelineEntry> timeline;
      try (PreparedStatement ps = c.prepareStatement("SELECT it.trace_id, it.trace_time, it.added_at, t.id AS found,"
          + " t.tool, t.operation, t.decision, t.reasons, t.severity, t.host FROM incident_traces it"
          + " LEFT JOIN traces t ON t.time = it.trace_time AND t.id = it.trace_id"
          + " WHERE it.incident_id = ? ORDER BY it.trace_time, it.trace_id")) {
        ps.setString(1, incident.id());
        timeline = Jdbc.list(ps, rs -> new TimelineEntry(rs.getString("trace_id"), Jdbc.instant(rs, "trace_time"),
            Jdbc.instant(rs, "added_at"), rs.getString("found") != null, rs.getString("tool"),
            rs.getString("operation"), rs.getString("decision"), strings(rs.getArray("reasons")),
            rs.getString("severity"), rs.getString("host")));
      }
      List<Note> notes;
      try (PreparedStatement ps = c.prepareStatement("SELECT id, author_key_id, author_name, text, time"
          + " FROM incident_notes WHERE incident_id = ? ORDER BY id")) {
        ps.setString(1, incident.id());
        notes = Jdbc.list(ps, IncidentRepository::note);
      }
      List<ActionRecord> actions;
      try (PreparedStatement ps = c.prepareStatement("SELECT id, kind, actor, parameters::text AS parameters, outcome,"
          + " result::text AS result, time FROM incident_actions WHERE incident_id = ? ORDER BY id")) {
        ps.setString(1, incident.id());
        actions = Jdbc.list(ps, IncidentRepository::action);
      }
      return new IncidentDetail(incident, timeline, notes, actions);
    });
  }

  /**
   * Opens an incident by hand over {@code traces} (all of one environment), audited.
   *
   * @param audit the audit record, given the incident
   */
  public Incident openManual(String env, String agent, String severity, String title, List<TraceRef> traces,
      AuditActor actor, java.util.function.Function<Incident, AuditChange> auditChange) {
    return db.transaction("open incident", c -> {
      String id = newId();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO incidents (id, title, severity, env, agent, trigger,"
          + " opened_by, opened_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, now(), now())")) {
        Jdbc.bind(ps, id, title, severity, env, agent, IncidentTrigger.MANUAL, actor.keyId());
        ps.executeUpdate();
      }
      link(c, id, traces);
      Incident created = find(c, id, false).orElseThrow();
      audit.append(c, actor, auditChange.apply(created));
      return created;
    });
  }

  /** Links traces to an incident (each once) and counts them; returns how many were new. */
  static int link(Connection c, String incidentId, List<TraceRef> traces) throws SQLException {
    if (traces.isEmpty()) {
      return 0;
    }
    int added = 0;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_traces (incident_id, trace_id, trace_time)"
        + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
      for (TraceRef t : traces) {
        Jdbc.bind(ps, incidentId, t.id(), Jdbc.timestamp(t.time()));
        added += ps.executeUpdate();
      }
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE incidents SET trace_count = trace_count + ?,"
        + " updated_at = now() WHERE id = ?")) {
      Jdbc.bind(ps, added, incidentId);
      ps.executeUpdate();
    }
    return added;
  }

  /**
   * Moves an incident on: open → investigating → closed, or open → closed. Closing needs a
   * resolution; nothing else takes one.
   *
   * @param auditChange the audit record, given the incident before and after
   * @throws StoreException NOT_FOUND; CONFLICT ({@code illegal_transition}) for any other move
   */
  public Incident transition(String id, String status, String resolution, AuditActor actor,
      BiFunction<Incident, Incident, AuditChange> auditChange) {
    return db.transaction("transition incident", c -> {
      Incident before = find(c, id, true).orElseThrow(() -> StoreException.notFound("incident not found: " + id));
      if (!Transitions.allowed(before.status(), status)) {
        throw new StoreException(StoreException.Kind.CONFLICT, "illegal_transition",
            "incident " + id + " is " + before.status() + "; it cannot move to " + status
                + " (allowed: " + Transitions.describe(before.status()) + ")", "status");
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE incidents SET status = ?, resolution = ?,"
          + " closed_at = CASE WHEN ? = 'closed' THEN now() END, updated_at = now() WHERE id = ?")) {
        Jdbc.bind(ps, status, resolution, status, id);
        ps.executeUpdate();
      }
      Incident after = find(c, id, false).orElseThrow();
      audit.append(c, actor, auditChange.apply(before, after));
      return after;
    });
  }

  /** Appends a note by admin key {@code actor.keyId()} (its name looked up), audited. */
  public Note addNote(String incidentId, String text, AuditActor actor,
      java.util.function.Function<Note, AuditChange> auditChange) {
    return db.transaction("add incident note", c -> {
      find(c, incidentId, true).orElseThrow(() -> StoreException.notFound("incident not found: " + incidentId));
      Note note;
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_notes (incident_id, author_key_id,"
          + " author_name, text) VALUES (?, ?, coalesce((SELECT name FROM admin_tokens WHERE id = ?), ''), ?)"
          + " RETURNING id, author_key_id, author_name, text, time")) {
        Jdbc.bind(ps, incidentId, actor.keyId(), actor.keyId(), text);
        note = Jdbc.list(ps, IncidentRepository::note).get(0);
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE incidents SET note_count = note_count + 1, updated_at = now() WHERE id = ?")) {
        ps.setString(1, incidentId);
        ps.executeUpdate();
      }
      audit.append(c, actor, auditChange.apply(note));
      return note;
    });
  }

  /**
   * Records an action taken on an incident, audited when {@code actor} is a person (null for the
   * detector's own actions, which the incident's record keeps).
   */
  public ActionRecord recordAction(String incidentId, String kind, String actorName, JsonNode parameters,
      boolean ok, JsonNode result, AuditActor actor, AuditChange change) {
    return db.transaction("record incident action", c -> {
      ActionRecord a;
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_actions (incident_id, kind, actor,"
          + " parameters, outcome, result) VALUES (?, ?, ?, ?::jsonb, ?, ?::jsonb)"
          + " RETURNING id, kind, actor, parameters::text AS parameters, outcome, result::text AS result, time")) {
        Jdbc.bind(ps, incidentId, kind, actorName, parameters.toString(), ok ? "ok" : "failed", result.toString());
        a = Jdbc.list(ps, IncidentRepository::action).get(0);
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE incidents SET action_count = action_count + 1, updated_at = now() WHERE id = ?")) {
        ps.setString(1, incidentId);
        ps.executeUpdate();
      }
      if (actor != null) {
        audit.append(c, actor, change);
      }
      return a;
    });
  }

  /** Per trigger: incidents opened (and since), closed, closed as false_positive. */
  public List<TriggerStats> stats(String env, Instant since) {
    return db.read("incident stats", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT trigger, count(*) AS opened,"
          + " count(*) FILTER (WHERE status = 'closed') AS closed,"
          + " count(*) FILTER (WHERE resolution = 'false_positive') AS false_positives"
          + " FROM incidents WHERE (?::text IS NULL OR env = ?) AND (?::timestamptz IS NULL OR opened_at >= ?)"
          + " GROUP BY trigger ORDER BY trigger")) {
        Jdbc.bind(ps, env, env, Jdbc.timestamp(since), Jdbc.timestamp(since));
        return Jdbc.list(ps, rs -> new TriggerStats(rs.getString("trigger"), rs.getLong("opened"),
            rs.getLong("closed"), rs.getLong("false_positives")));
      }
    });
  }

  static Optional<Incident> find(Connection c, String id, boolean forUpdate) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM incidents WHERE id = ?"
        + (forUpdate ? " FOR UPDATE" : ""))) {
      ps.setString(1, id);
      return Jdbc.list(ps, IncidentRepository::map).stream().findFirst();
    }
  }

  static Incident map(ResultSet rs) throws SQLException {
    return new Incident(rs.getString("id"), rs.getString("title"), rs.getString("severity"), rs.getString("env"),
        rs.getString("agent"), rs.getString("trigger"), rs.getString("status"), rs.getString("resolution"),
        rs.getString("opened_by"), Jdbc.instant(rs, "opened_at"), Jdbc.instant(rs, "updated_at"),
        Jdbc.instant(rs, "closed_at"), rs.getInt("trace_count"), rs.getInt("note_count"), rs.getInt("action_count"));
  }

  private static Note note(ResultSet rs) throws SQLException {
    return new Note(rs.getLong("id"), rs.getString("author_key_id"), rs.getString("author_name"),
        rs.getString("text"), Jdbc.instant(rs, "time"));
  }

  private static ActionRecord action(ResultSet rs) throws SQLException {
    return new ActionRecord(rs.getLong("id"), rs.getString("kind"), rs.getString("actor"),
        parse(rs.getString("parameters")), rs.getString("outcome"), parse(rs.getString("result")),
        Jdbc.instant(rs, "time"));
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : List.copyOf(Arrays.asList((String[]) array.getArray()));
  }

  private static void filter(StringBuilder where, List<Object> args, String clause, Object value) {
    if (value != null) {
      where.append(" AND ").append(clause);
      args.add(value);
    }
  }

  /** A trace to link: its id and time (the traces table is found by both). */
  public record TraceRef(String id, Instant time) {}

  /**
   * @param next cursor of the last item when more follow, else null
   */
  public record Page(List<Incident> items, long total, KeysetCursor next) {}

  /**
   * @param trigger trigger wire name or manual
   */
  public record TriggerStats(String trigger, long opened, long closed, long falsePositives) {
    /** False positives among the closed incidents, 0 when none was closed. */
    public double falsePositiveRatio() {
      return closed == 0 ? 0.0 : (double) falsePositives / closed;
    }
  }
}
