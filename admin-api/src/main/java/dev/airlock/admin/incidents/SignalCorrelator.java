package dev.airlock.admin.incidents;

import dev.airlock.admin.incidents.IncidentRepository.TraceRef;
import dev.airlock.admin.store.AuditActor;
import dev.airlock.admin.store.AuditChange;
import dev.airlock.admin.store.AuditLog;
import dev.airlock.admin.store.Jdbc;
import dev.airlock.admin.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Counts the signals of every node in the database and opens or extends incidents. One transaction
 * per agent and trigger, serialized across nodes by an advisory lock on them: two nodes seeing the
 * fifth DENY of a burst at the same moment count it once and open one incident (the partial unique
 * index on open incidents backs this up). Signals taken into an incident are not counted again.
 */
final class SignalCorrelator {
  static final AuditActor DETECTOR = new AuditActor(Incident.SYSTEM, Incident.SYSTEM, "incident-detector");
  /** How far back signals are kept: the longest window a trigger may have, and a day more. */
  private static final Duration KEEP = TriggerSettings.MAX_WINDOW.plusDays(1);
  private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);
  /** Trust drops are compared with this slack, so that 0.8 − 0.5 is not "more than 0.3". */
  private static final double EPSILON = 1e-9;

  private final Jdbc db;
  private final AuditLog audit;
  private final Clock clock;
  private Instant lastPrune = Instant.EPOCH;

  SignalCorrelator(DataSource dataSource, AuditLog audit, Clock clock) {
    this.db = new Jdbc(dataSource);
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * What one call did: the incidents opened or extended, and the signals left unstored because the
   * database could not be reached ({@code unavailable} says why), to be tried again.
   */
  record Result(List<Correlation> correlations, List<Signal> unstored, StoreException unavailable) {}

  /**
   * Stores the signals and correlates them, one group (one transaction) per agent and trigger.
   * Once the database is found unreachable, that group and the ones after it are returned unstored
   * (their transactions rolled back or never began), so that trying them again counts each once.
   */
  Result process(List<Signal> signals, IncidentRules rules) {
    Map<Signal.Key, List<Signal>> groups = new LinkedHashMap<>();
    for (Signal s : signals) {
      groups.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s);
    }
    List<Correlation> out = new ArrayList<>();
    List<Signal> unstored = new ArrayList<>();
    StoreException unavailable = null;
    for (Map.Entry<Signal.Key, List<Signal>> g : groups.entrySet()) {
      if (unavailable != null) {
        unstored.addAll(g.getValue());
        continue;
      }
      TriggerSettings settings = rules.of(g.getKey().trigger());
      try {
        db.transaction("correlate incident signals", c -> correlate(c, g.getKey(), g.getValue(), settings))
            .ifPresent(out::add);
      } catch (StoreException e) {
        if (e.kind() != StoreException.Kind.UNAVAILABLE) {
          throw e;
        }
        unavailable = e;
        unstored.addAll(g.getValue());
      }
    }
    if (unavailable == null) {
      try {
        pruneOccasionally();
      } catch (StoreException e) {
        // Old signals are pruned on a later call; the ones just counted are stored.
      }
    }
    return new Result(out, unstored, unavailable);
  }

  private Optional<Correlation> correlate(Connection c, Signal.Key key, List<Signal> group, TriggerSettings settings)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
      ps.setString(1, key.lockName());
      ps.execute();
    }
    group.sort(Comparator.comparing(Signal::traceTime));
    List<Long> ids = insert(c, group);
    Optional<Incident> open = openIncident(c, key);
    if (open.isPresent()) {
      List<TraceRef> refs = new ArrayList<>();
      for (Signal s : group) {
        // A trust sample extends a trust_drop incident only when trust fell again.
        if (key.trigger().counts() || s.value() < s.previous()) {
          refs.add(new TraceRef(s.traceId(), s.traceTime()));
        }
      }
      consume(c, ids, open.get().id());
      if (refs.isEmpty()) {
        return Optional.empty();
      }
      IncidentRepository.link(c, open.get().id(), refs);
      Incident now = IncidentRepository.find(c, open.get().id(), false).orElseThrow();
      return Optional.of(new Correlation(now, false, refs.stream().map(TraceRef::id).toList()));
    }
    Instant latest = group.get(group.size() - 1).traceTime();
    List<Row> window = window(c, key, latest.minus(settings.window()));
    List<Row> taken = fires(key.trigger(), settings, window);
    if (taken.isEmpty()) {
      return Optional.empty();
    }
    Optional<Incident> opened = insertIncident(c, key, settings);
    if (opened.isEmpty()) {
      return Optional.empty(); // another node holds an open one; its next batch appends
    }
    String id = opened.get().id();
    List<TraceRef> refs = taken.stream().map(r -> new TraceRef(r.traceId, r.traceTime)).toList();
    IncidentRepository.link(c, id, refs);
    consume(c, window.stream().map(r -> r.id).toList(), id);
    Incident incident = IncidentRepository.find(c, id, false).orElseThrow();
    audit.append(c, DETECTOR, new AuditChange("incident.open", "incident", id, incident.env(), null,
        IncidentJson.incident(incident)));
    return Optional.of(new Correlation(incident, true, refs.stream().map(TraceRef::id).toList()));
  }

  /** The signals that open an incident (they are linked to it), or none: below the threshold. */
  private static List<Row> fires(IncidentTrigger trigger, TriggerSettings settings, List<Row> window) {
    if (trigger.counts()) {
      return window.size() >= settings.count() ? window : List.of();
    }
    if (window.isEmpty()) {
      return List.of();
    }
    Row latest = window.get(window.size() - 1);
    Row highest = window.stream().max(Comparator.comparingDouble((Row r) -> r.value)).orElseThrow();
    boolean dropped = highest.value - latest.value > settings.threshold() + EPSILON;
    return dropped ? List.of(highest, latest) : List.of();
  }

  private static List<Long> insert(Connection c, List<Signal> group) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_signals (env, agent, trigger, trace_id,"
        + " trace_time, value) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
      for (Signal s : group) {
        Jdbc.bind(ps, s.env(), s.agent(), s.trigger().wireName(), s.traceId(), Jdbc.timestamp(s.traceTime()), s.value());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          ids.add(rs.getLong(1));
        }
      }
    }
    return ids;
  }

  private static Optional<Incident> openIncident(Connection c, Signal.Key key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + IncidentRepository.COLUMNS + " FROM incidents"
        + " WHERE env = ? AND agent = ? AND trigger = ? AND status <> 'closed' FOR UPDATE")) {
      Jdbc.bind(ps, key.env(), key.agent(), key.trigger().wireName());
      return Jdbc.list(ps, IncidentRepository::map).stream().findFirst();
    }
  }

  private static List<Row> window(Connection c, Signal.Key key, Instant from) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id, trace_id, trace_time, value FROM incident_signals"
        + " WHERE env = ? AND agent = ? AND trigger = ? AND incident_id IS NULL AND trace_time > ?"
        + " ORDER BY trace_time, id")) {
      Jdbc.bind(ps, key.env(), key.agent(), key.trigger().wireName(), Jdbc.timestamp(from));
      return Jdbc.list(ps, rs -> new Row(rs.getLong("id"), rs.getString("trace_id"), Jdbc.instant(rs, "trace_time"),
          rs.getDouble("value")));
    }
  }

  private static Optional<Incident> insertIncident(Connection c, Signal.Key key, TriggerSettings settings)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO incidents (id, title, severity, env, agent, trigger,"
        + " opened_by, opened_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, now(), now())"
        + " ON CONFLICT (env, agent, trigger) WHERE status <> 'closed' AND trigger <> 'manual' DO NOTHING"
        + " RETURNING id")) {
      Jdbc.bind(ps, IncidentRepository.newId(), key.trigger().title(key.agent()), settings.severity(), key.env(),
          key.agent(), key.trigger().wireName(), Incident.SYSTEM);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return IncidentRepository.find(c, rs.getString(1), false);
      }
    }
  }

  private static void consume(Connection c, List<Long> ids, String incidentId) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE incident_signals SET incident_id = ? WHERE id = ANY (?)")) {
      ps.setString(1, incidentId);
      ps.setArray(2, c.createArrayOf("bigint", ids.toArray()));
      ps.executeUpdate();
    }
  }

  private void pruneOccasionally() {
    Instant now = clock.instant();
    if (now.isBefore(lastPrune.plus(PRUNE_EVERY))) {
      return;
    }
    lastPrune = now;
    db.transaction("prune incident signals", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM incident_signals WHERE trace_time < ?")) {
        ps.setObject(1, Jdbc.timestamp(now.minus(KEEP)));
        return ps.executeUpdate();
      }
    });
  }

  private record Row(long id, String traceId, Instant traceTime, double value) {}
}
