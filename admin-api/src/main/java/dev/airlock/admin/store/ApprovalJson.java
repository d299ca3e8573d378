package dev.airlock.admin.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** The one JSON shape of an approval: the REST API's, and what the audit log records before and after a decision. */
public final class ApprovalJson {
  private ApprovalJson() {}

  public static ObjectNode toJson(Approval a) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", a.id());
    n.put("env", a.env());
    n.put("agent", a.agent());
    n.put("key_id", a.keyId());
    n.put("tool", a.tool());
    n.put("operation", a.operation());
    n.put("host", a.host());
    n.put("method", a.method());
    n.put("path", a.path());
    n.put("body_sha256", a.bodySha256());
    ArrayNode reasons = n.putArray("reasons");
    a.reasons().forEach(reasons::add);
    n.put("rule", a.ruleRef());
    n.put("severity", a.severity());
    n.put("trace_id", a.traceId());
    n.put("status", a.status().slug());
    n.put("requested_at", text(a.requestedAt()));
    n.put("expires_at", text(a.expiresAt()));
    n.put("decided_at", text(a.decidedAt()));
    n.put("decided_by", a.decidedBy());
    n.put("decision_note", a.decisionNote());
    return n;
  }

  /** The audit record of a decision: {@code approval.approve} or {@code approval.deny}, before and after. */
  static AuditChange decision(String verb, Approval before, Approval after) {
    return new AuditChange("approval." + verb, "approval", after.id(), after.env(), toJson(before), toJson(after));
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
