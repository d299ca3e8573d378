package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.spi.ApprovalRequest;
import dev.airlock.proxy.spi.ApprovalStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Approvals: recorded pending by the data plane, decided once by an admin (API, CLI, or a chat
 * channel calling {@link #decide}), expired by a sweep. Each decision is recorded in the audit log
 * inside its transaction; the database announces every update to all nodes (migration V11).
 * Blocking JDBC: call from a store executor, never from an event loop.
 */
public final class ApprovalRepository {
  /** How long an approval stays open unless configured otherwise. */
  public static final Duration DEFAULT_EXPIRE_AFTER = Duration.ofHours(24);

  private static final String COLUMNS = "id, env, agent, key_id, tool, operation, host, method, path, body_sha256,"
      + " reasons, rule_ref, severity, trace_id, status, requested_at, expires_at, decided_at, decided_by,"
      + " decision_note";

  private final Jdbc jdbc;
  private final AuditLog audit;
  private final Duration expireAfter;

  public ApprovalRepository(DataSource dataSource, AuditLog audit, Duration expireAfter) {
    this.jdbc = new Jdbc(dataSource);
    this.audit = requireNonNull(audit, "audit");
    requireNonNull(expireAfter, "expireAfter");
    if (expireAfter.isNegative() || expireAfter.isZero()) {
      throw new IllegalArgumentException("expireAfter: " + expireAfter + " (expected: > 0)");
    }
    this.expireAfter = expireAfter;
  }

  public ApprovalRepository(DataSource dataSource, AuditLog audit) {
    this(dataSource, audit, DEFAULT_EXPIRE_AFTER);
  }

  /** A new approval id ({@code apr_…}). */
  public static String newId() {
    return Ids.newId("apr");
  }

  /** Records a pending approval under {@code id}, expiring after the configured time. */
  public Approval create(String id, ApprovalRequest r) {
    requireNonNull(id, "id");
    requireNonNull(r, "request");
    return jdbc.transaction("record approval", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO approvals (id, env, agent, key_id, tool, operation, host, method, path, body_sha256, reasons,"
              + " rule_ref, severity, trace_id, expires_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now() + ? * interval '1 millisecond')"
              + " RETURNING " + COLUMNS)) {
        int i = 0;
        ps.setString(++i, id);
        ps.setString(++i, r.env());
        ps.setString(++i, r.agent());
        ps.setString(++i, r.keyId());
        ps.setString(++i, r.tool());
        ps.setString(++i, r.operation());
        ps.setString(++i, r.host());
        ps.setString(++i, r.method());
        ps.setString(++i, r.path());
        ps.setString(++i, r.bodySha256());
        ps.setArray(++i, Jdbc.textArray(c, r.reasons()));
        ps.setString(++i, r.ruleRef());
        ps.setString(++i, r.severity());
        ps.setString(++i, r.traceId());
        ps.setLong(++i, expireAfter.toMillis());
        return Jdbc.list(ps, ApprovalRepository::map).get(0);
      }
    });
  }

  public Optional<Approval> find(String id) {
    return jdbc.read("find approval", c -> find(c, id, false));
  }

  /** Newest request first, filtered, one page; the total counts every match. */
  public ApprovalPage list(ApprovalQuery q) {
    return jdbc.read("list approvals", c -> {
      SqlFilter where = new SqlFilter()
          .and("env = ?", q.env())
          .and("status = ?", q.status() == null ? null : q.status().slug())
          .and("agent = ?", q.agent())
          .between("requested_at", q.since(), q.until());
      long total = where.count(c, "approvals", 0);
      if (q.after() != null) {
        where.andAll("(requested_at, id) < (?, ?)", Jdbc.timestamp(q.after().time()), q.after().id());
      }
      try (PreparedStatement ps = where.select(c, COLUMNS, "approvals",
          " ORDER BY requested_at DESC, id DESC LIMIT ?", q.limit() + 1)) {
        List<Approval> items = Jdbc.list(ps, ApprovalRepository::map);
        KeysetCursor next = null;
        if (items.size() > q.limit()) {
          items = items.subList(0, q.limit());
          Approval last = items.get(items.size() - 1);
          next = new KeysetCursor(last.requestedAt(), last.id());
        }
        return new ApprovalPage(items, total, next);
      }
    });
  }

  /**
   * Approves or denies a pending approval, once. Deciding it again the same way changes nothing
   * and records nothing; an approval settled otherwise (the other decision, or past its expiry,
   * which this call then records) is a {@link ApprovalDecision.Outcome#CONFLICT}.
   *
   * <p>The one way to decide: the API calls it, and so can a chat channel's button handler.
   *
   * @param actor who decides: an admin key, or a chat channel's identity ({@code decided_by}), e.g.
   *     {@code new AuditActor("slack:U024BE7LH", "channel", requestId)}
   * @param note optional words for the record
   * @throws StoreException NOT_FOUND for an unknown id, INVALID for a decision other than
   *     approved or denied
   */
  public ApprovalDecision decide(String id, ApprovalStatus decision, AuditActor actor, String note) {
    String verb = decision == ApprovalStatus.APPROVED ? "approve" : "deny";
    return decide(id, decision, actor, note, (before, after) -> ApprovalJson.decision(verb, before, after));
  }

  /**
   * As {@link #decide(String, ApprovalStatus, AuditActor, String)}, with the audit record of the
   * change given by the caller.
   */
  public ApprovalDecision decide(String id, ApprovalStatus decision, AuditActor actor, String note,
      Audit<Approval> change) {
    if (decision != ApprovalStatus.APPROVED && decision != ApprovalStatus.DENIED) {
      throw StoreException.invalid("invalid_decision", "decision",
          "decision: \"" + decision + "\" (expected: approved, denied)");
    }
    requireNonNull(actor, "actor");
    requireNonNull(change, "change");
    return jdbc.transaction("decide approval " + id, c -> {
      Approval before = find(c, id, true)
          .orElseThrow(() -> StoreException.notFound("approval not found: " + id));
      if (before.status() == decision) {
        return new ApprovalDecision(before, ApprovalDecision.Outcome.UNCHANGED);
      }
      if (before.status() != ApprovalStatus.PENDING) {
        return new ApprovalDecision(before, ApprovalDecision.Outcome.CONFLICT);
      }
      if (expired(c, id)) {
        return new ApprovalDecision(settle(c, id, ApprovalStatus.EXPIRED, null, null),
            ApprovalDecision.Outcome.CONFLICT);
      }
      Approval after = settle(c, id, decision, actor.keyId(), note == null || note.isBlank() ? null : note);
      audit.append(c, actor, change.change(before, after));
      return new ApprovalDecision(after, ApprovalDecision.Outcome.DECIDED);
    });
  }

  /** Marks every approval still pending at {@code now} past its expiry as expired; returns them. */
  public List<Approval> expire(Instant now) {
    return jdbc.transaction("expire approvals", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE approvals SET status = 'expired', decided_at = ? WHERE status = 'pending' AND expires_at <= ?"
              + " RETURNING " + COLUMNS)) {
        ps.setObject(1, Jdbc.timestamp(now));
        ps.setObject(2, Jdbc.timestamp(now));
        return Jdbc.list(ps, ApprovalRepository::map);
      }
    });
  }

  /** Approvals granted at or after {@code since}: what a node keeps in memory for the grant window. */
  public List<Approval> grantedSince(Instant since) {
    return jdbc.read("load approval grants", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM approvals"
          + " WHERE status = 'approved' AND decided_at >= ? ORDER BY decided_at")) {
        ps.setObject(1, Jdbc.timestamp(since));
        return Jdbc.list(ps, ApprovalRepository::map);
      }
    });
  }

  /** Where each of these approvals stands; unknown ids are left out. */
  public Map<String, ApprovalStatus> statuses(Collection<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return jdbc.read("read approval statuses", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT id, status FROM approvals WHERE id = ANY (?)")) {
        ps.setArray(1, Jdbc.textArray(c, List.copyOf(ids)));
        Map<String, ApprovalStatus> out = new HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), ApprovalStatus.of(rs.getString(2)));
          }
        }
        return out;
      }
    });
  }

  private static boolean expired(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT expires_at <= now() FROM approvals WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private static Approval settle(Connection c, String id, ApprovalStatus status, String by, String note)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE approvals SET status = ?, decided_at = now(),"
        + " decided_by = ?, decision_note = ? WHERE id = ? RETURNING " + COLUMNS)) {
      ps.setString(1, status.slug());
      ps.setString(2, by);
      ps.setString(3, note);
      ps.setString(4, id);
      return Jdbc.list(ps, ApprovalRepository::map).get(0);
    }
  }

  private static Optional<Approval> find(Connection c, String id, boolean lock) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM approvals WHERE id = ?" + (lock ? " FOR UPDATE" : ""))) {
      ps.setString(1, id);
      return Jdbc.list(ps, ApprovalRepository::map).stream().findFirst();
    }
  }

  private static Approval map(ResultSet rs) throws SQLException {
    return new Approval(
        rs.getString("id"),
        rs.getString("env"),
        rs.getString("agent"),
        rs.getString("key_id"),
        rs.getString("tool"),
        rs.getString("operation"),
        rs.getString("host"),
        rs.getString("method"),
        rs.getString("path"),
        rs.getString("body_sha256"),
        Jdbc.strings(rs, "reasons"),
        rs.getString("rule_ref"),
        rs.getString("severity"),
        rs.getString("trace_id"),
        ApprovalStatus.of(rs.getString("status")),
        Jdbc.instant(rs, "requested_at"),
        Jdbc.instant(rs, "expires_at"),
        Jdbc.instant(rs, "decided_at"),
        rs.getString("decided_by"),
        rs.getString("decision_note"));
  }
}
