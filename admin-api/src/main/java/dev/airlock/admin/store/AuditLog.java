package dev.airlock.admin.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The append-only, hash-chained admin audit log. Changes are appended inside the transaction that
 * makes them ({@link #append}), so a change and its record commit together or not at all.
 * Appends are serialized by a transaction-scoped advisory lock; each row's hash is SHA-256 over
 * the previous row's hash and the row's canonical content, and the newest row is remembered in
 * {@code settings.audit_head}.
 */
public final class AuditLog {
  /** The previous hash of the first row. */
  static final byte[] GENESIS = new byte[32];
  /** pg_advisory_xact_lock key serializing appends ("airlock" + 1). */
  private static final long LOCK_KEY = 0x6169726c6f636b01L;
  private static final String HEAD = "audit_head";
  private static final String COLUMNS = "seq, time, actor_key_id, actor_role, action, target_type, target_id, env,"
      + " before::text AS before, after::text AS after, request_id, prev_hash, hash";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  private final Jdbc jdbc;
  private final Clock clock;

  public AuditLog(DataSource dataSource, Clock clock) {
    this.jdbc = new Jdbc(dataSource);
    this.clock = clock;
  }

  /** Records {@code change} by {@code actor} in the caller's transaction ({@code c} not auto-commit). */
  public AuditEvent append(Connection c, AuditActor actor, AuditChange change) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, LOCK_KEY);
      lock.execute();
    }
    long seq = 1;
    byte[] prev = GENESIS;
    try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      if (rs.next()) {
        seq = rs.getLong(1) + 1;
        prev = rs.getBytes(2);
      }
    }
    Instant time = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    String before = canonical(change.before());
    String after = canonical(change.after());
    byte[] hash = hash(prev, seq, time, actor.keyId(), actor.role(), change.action(), change.targetType(),
        change.targetId(), change.env(), before, after, actor.requestId());
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_events (seq, time, actor_key_id, actor_role,"
        + " action, target_type, target_id, env, before, after, request_id, prev_hash, hash)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)")) {
      int i = 0;
      ps.setLong(++i, seq);
      ps.setObject(++i, Jdbc.timestamp(time));
      ps.setString(++i, actor.keyId());
      ps.setString(++i, actor.role());
      ps.setString(++i, change.action());
      ps.setString(++i, change.targetType());
      ps.setString(++i, change.targetId());
      ps.setString(++i, change.env());
      ps.setString(++i, before);
      ps.setString(++i, after);
      ps.setString(++i, actor.requestId());
      ps.setBytes(++i, prev);
      ps.setBytes(++i, hash);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO settings (key, value) VALUES (?, ?)"
        + " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()")) {
      ps.setString(1, HEAD);
      ps.setString(2, seq + ":" + HEX.formatHex(hash));
      ps.executeUpdate();
    }
    return new AuditEvent(seq, time, actor.keyId(), actor.role(), change.action(), change.targetType(),
        change.targetId(), change.env(), change.before(), change.after(), actor.requestId(), HEX.formatHex(prev),
        HEX.formatHex(hash));
  }

  /** Records a change in a transaction of its own (for changes that need no other statement). */
  public AuditEvent record(AuditActor actor, AuditChange change) {
    return jdbc.transaction("record audit event", c -> append(c, actor, change));
  }

  /** Newest first, filtered, one page; the total counts every match. */
  public Page list(AuditQuery q) {
    return jdbc.read("list audit events", c -> {
      SqlFilter where = new SqlFilter()
          .and("env = ?", q.env())
          .between("time", q.since(), q.until())
          .and("action = ?", q.action());
      long total = where.count(c, "audit_events", 0);
      where.and("seq < ?", q.beforeSeq());
      try (PreparedStatement ps = where.select(c, COLUMNS, "audit_events", " ORDER BY seq DESC LIMIT ?",
          q.limit() + 1)) {
        List<AuditEvent> items = Jdbc.list(ps, AuditLog::map);
        Long next = null;
        if (items.size() > q.limit()) {
          items = items.subList(0, q.limit());
          next = items.get(items.size() - 1).seq();
        }
        return new Page(List.copyOf(items), total, next);
      }
    });
  }

  /**
   * One page of audit events.
   *
   * @param nextBeforeSeq pass as {@link AuditQuery#beforeSeq()} for the next page; null on the last
   */
  public record Page(List<AuditEvent> items, long total, Long nextBeforeSeq) {}

  /** Walks the whole chain oldest first (streamed, constant memory) and names the first break. */
  public AuditVerification verify() {
    return jdbc.transaction("verify audit log", c -> {
      String head = null;
      try (PreparedStatement ps = c.prepareStatement("SELECT value FROM settings WHERE key = ?")) {
        ps.setString(1, HEAD);
        try (ResultSet rs = ps.executeQuery()) {
          head = rs.next() ? rs.getString(1) : null;
        }
      }
      byte[] expectedPrev = GENESIS;
      long lastSeq = 0;
      long rows = 0;
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_events ORDER BY seq")) {
        ps.setFetchSize(500);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows++;
            long seq = rs.getLong("seq");
            byte[] prev = rs.getBytes("prev_hash");
            byte[] stored = rs.getBytes("hash");
            byte[] computed = hash(prev, seq, Jdbc.instant(rs, "time"), rs.getString("actor_key_id"),
                rs.getString("actor_role"), rs.getString("action"), rs.getString("target_type"),
                rs.getString("target_id"), rs.getString("env"), canonicalText(rs.getString("before")),
                canonicalText(rs.getString("after")), rs.getString("request_id"));
            boolean contentOk = MessageDigest.isEqual(computed, stored);
            boolean chained = MessageDigest.isEqual(prev, expectedPrev);
            if (!chained && seq != lastSeq + 1 && contentOk) {
              return broken(rows, "deleted", seq, "row(s) before seq " + seq + " were deleted (seq " + (lastSeq + 1)
                  + (seq - 1 > lastSeq + 1 ? "–" + (seq - 1) : "") + " missing)", expectedPrev);
            }
            if (!chained) {
              return broken(rows, "inserted", seq, "row seq " + seq + " was inserted: it does not chain to the row"
                  + " before it", expectedPrev);
            }
            if (!contentOk) {
              return broken(rows, "edited", seq, "row seq " + seq + " was edited: its content does not match its"
                  + " hash", expectedPrev);
            }
            expectedPrev = stored;
            lastSeq = seq;
          }
        }
      }
      if (head != null) {
        int colon = head.indexOf(':');
        long headSeq = Long.parseLong(head.substring(0, colon));
        String headHash = head.substring(colon + 1);
        if (headSeq != lastSeq || !headHash.equals(HEX.formatHex(expectedPrev))) {
          String problem = headSeq > lastSeq ? "deleted" : "inserted";
          return broken(rows, problem, headSeq > lastSeq ? headSeq : lastSeq, headSeq > lastSeq
              ? "the newest row(s) were deleted: the log ends at seq " + lastSeq + ", the last change recorded was seq "
                  + headSeq
              : "row seq " + lastSeq + " was appended outside Airlock: the last change recorded was seq " + headSeq,
              expectedPrev);
        }
      } else if (rows > 0) {
        return broken(rows, "inserted", 1L, "audit rows exist but no change was recorded by Airlock", expectedPrev);
      }
      return new AuditVerification(true, rows, null, null, rows + " audit events verified; the chain is intact",
          HEX.formatHex(expectedPrev));
    });
  }

  private static AuditVerification broken(long rows, String problem, long seq, String message, byte[] lastGood) {
    return new AuditVerification(false, rows, problem, seq, message, HEX.formatHex(lastGood));
  }

  private static AuditEvent map(ResultSet rs) throws SQLException {
    return new AuditEvent(rs.getLong("seq"), Jdbc.instant(rs, "time"), rs.getString("actor_key_id"),
        rs.getString("actor_role"), rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
        rs.getString("env"), parse(rs.getString("before")), parse(rs.getString("after")), rs.getString("request_id"),
        HEX.formatHex(rs.getBytes("prev_hash")), HEX.formatHex(rs.getBytes("hash")));
  }

  private static JsonNode parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit_events holds JSON PostgreSQL cannot have stored", e);
    }
  }

  /** The row content the hash covers, fields separated by NUL and prefixed by their lengths. */
  private static byte[] hash(byte[] prev, long seq, Instant time, String actorKeyId, String actorRole, String action,
      String targetType, String targetId, String env, String before, String after, String requestId) {
    MessageDigest md = Secrets.sha256Digest();
    md.update(prev);
    for (String field : new String[] {Long.toString(seq), time.truncatedTo(ChronoUnit.MICROS).toString(),
        actorKeyId, actorRole, action, targetType, targetId, env, before, after, requestId}) {
      byte[] b = field == null ? new byte[] {'\u0000'} : field.getBytes(StandardCharsets.UTF_8);
      md.update(Integer.toString(field == null ? -1 : b.length).getBytes(StandardCharsets.US_ASCII));
      md.update((byte) ':');
      md.update(b);
    }
    return md.digest();
  }

  /** JSON with object keys sorted at every level: the same text whatever order jsonb keeps them in. */
  static String canonical(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    try {
      return JSON.writeValueAsString(sorted(node));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit value is not serializable", e);
    }
  }

  private static String canonicalText(String json) {
    return json == null ? null : canonical(parse(json));
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      Map<String, JsonNode> fields = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        fields.put(e.getKey(), sorted(e.getValue()));
      }
      ObjectNode out = JSON.createObjectNode();
      fields.forEach(out::set);
      return out;
    }
    if (node.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode out = JSON.createArrayNode();
      node.forEach(n -> out.add(sorted(n)));
      return out;
    }
    return node;
  }
}
