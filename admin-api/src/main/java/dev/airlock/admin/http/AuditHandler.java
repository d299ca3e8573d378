package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.AuditEvent;
import dev.airlock.admin.store.AuditLog;
import dev.airlock.admin.store.AuditQuery;
import dev.airlock.admin.store.AuditVerification;
import java.time.Clock;
import java.time.Instant;

/**
 * {@code GET /api/v1/audit} (the admin audit log, newest first) and {@code GET
 * /api/v1/audit/verify} (checks the hash chain; tenant-wide keys only, since it reads every row).
 */
final class AuditHandler implements ResourceHandler {
  private final AuditLog audit;
  private final Envelope envelope;
  private final Clock clock;

  AuditHandler(AuditLog audit, Envelope envelope, Clock clock) {
    this.audit = audit;
    this.envelope = envelope;
    this.clock = clock;
  }

  @Override
  public ApiResponse handle(ApiRequest req) {
    if (!req.isGet()) {
      throw ApiException.methodNotAllowed(req);
    }
    if (req.segments().size() == 1) {
      return list(req);
    }
    if (req.segments().size() == 2 && req.segments().get(1).equals("verify")) {
      Scopes.requireTenantWide(req.principal(), "verifying the audit log (it reads every environment's changes)");
      return envelope.ok(req, view(audit.verify()));
    }
    throw ApiException.notFound("no such resource: " + req.path());
  }

  private ApiResponse list(ApiRequest req) {
    Instant now = Instant.now(clock);
    String env = Scopes.listEnv(req.principal(), req.param("env"));
    AuditQuery query = new AuditQuery(env, TimeParam.parse("since", req.param("since"), now),
        TimeParam.parse("until", req.param("until"), now), req.param("action"),
        ListParams.limit(req.param("limit")), cursor(req.param("cursor")));
    AuditLog.Page page = audit.list(query);
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    page.items().forEach(e -> items.add(view(e)));
    return envelope.list(req, items, page.nextBeforeSeq() == null ? null : "a" + page.nextBeforeSeq(),
        page.total());
  }

  private static Long cursor(String value) {
    if (value == null) {
      return null;
    }
    try {
      if (value.startsWith("a")) {
        return Long.parseLong(value.substring(1));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("invalid_parameter", "cursor", "cursor: not a cursor from a previous page");
  }

  static ObjectNode view(AuditEvent e) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("seq", e.seq());
    n.put("time", e.time().toString());
    n.put("actor_key_id", e.actorKeyId());
    n.put("actor_role", e.actorRole());
    n.put("action", e.action());
    n.put("target_type", e.targetType());
    n.put("target_id", e.targetId());
    n.put("env", e.env());
    n.set("before", e.before());
    n.set("after", e.after());
    n.put("request_id", e.requestId());
    n.put("prev_hash", e.prevHash());
    n.put("hash", e.hash());
    return n;
  }

  private static ObjectNode view(AuditVerification v) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("ok", v.ok());
    n.put("rows", v.rows());
    n.put("problem", v.problem());
    if (v.seq() == null) {
      n.putNull("seq");
    } else {
      n.put("seq", v.seq());
    }
    n.put("message", v.message());
    n.put("head_hash", v.headHash());
    return n;
  }
}
