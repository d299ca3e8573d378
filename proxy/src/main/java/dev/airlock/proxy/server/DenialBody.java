package dev.airlock.proxy.server;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.airlock.proxy.inspect.BuiltinGuards;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.Decision;
import java.io.IOException;

/**
 * The JSON body of a refusal that carries a decision (DENY, 413, pending approval), written so that
 * an agent's SDK surfaces the reason: SDKs print {@code error.message} (OpenAI style) or the top-level
 * {@code message} (Anthropic, GitHub), and Slack clients read {@code ok} and a string {@code error}.
 */
final class DenialBody {
  static final String ERROR_TYPE = "airlock_policy_denied";

  /** The error shape a tool's own clients read; chosen by tool name. */
  enum NativeError {
    /** {@code "error": {"type", "code", "message"}}: OpenAI, Anthropic and most JSON APIs. */
    STANDARD,
    /** Slack Web API: {@code "ok": false, "error": "<code>"}; the error field must be a string. */
    SLACK;

    static NativeError of(String tool) {
      return "slack".equals(tool) ? SLACK : STANDARD;
    }
  }

  /**
   * The approval a refusal is about: its id, where it stands and when to retry.
   *
   * @param id approval id
   * @param status pending, denied or expired
   * @param retryAfterSeconds when to retry the identical request, or 0 when retrying does not help
   */
  record ApprovalInfo(String id, String status, int retryAfterSeconds) {}

  private DenialBody() {}

  /** One line an agent (or the model behind it) can act on: reason, rule, what to do, trace id. */
  static String agentMessage(Decision d, String detail, String traceId) {
    StringBuilder sb = new StringBuilder(200).append("Airlock blocked this request: ").append(firstReason(d));
    sb.append(", rule ").append(d.ruleRef() == null ? "built-in guard" : d.ruleRef());
    if (detail != null && !detail.isEmpty()) {
      sb.append(", ").append(detail);
    }
    sb.append("; ").append(advice(d)).append(", trace ").append(traceId);
    return sb.toString();
  }

  static void write(JsonGenerator g, Decision d, String tool, String operation, String traceId, String detail)
      throws IOException {
    write(g, d, tool, operation, traceId, detail, null);
  }

  static void write(JsonGenerator g, Decision d, String tool, String operation, String traceId, String detail,
      ApprovalInfo approval) throws IOException {
    String message = agentMessage(d, detail, traceId);
    if (NativeError.of(tool) == NativeError.SLACK) {
      g.writeBooleanField("ok", false);
      g.writeStringField("error", ERROR_TYPE);
    } else {
      g.writeObjectFieldStart("error");
      g.writeStringField("type", ERROR_TYPE);
      g.writeStringField("code", firstReason(d));
      g.writeStringField("message", message);
      g.writeEndObject();
    }
    g.writeStringField("decision", d.action().name());
    g.writeArrayFieldStart("reasons");
    for (String r : d.reasons()) {
      g.writeString(r);
    }
    g.writeEndArray();
    g.writeStringField("rule", d.ruleRef());
    g.writeStringField("tool", tool);
    g.writeStringField("operation", operation);
    g.writeStringField("severity", d.severity().name());
    g.writeStringField("trace_id", traceId);
    g.writeStringField("message", message);
    if (approval != null) {
      g.writeStringField("approval_id", approval.id());
      g.writeStringField("status", approval.status());
      if (approval.retryAfterSeconds() > 0) {
        g.writeNumberField("retry_after", approval.retryAfterSeconds());
      }
    }
  }

  static String firstReason(Decision d) {
    return d.reasons().isEmpty() ? d.action().name() : d.reasons().get(0);
  }

  private static String advice(Decision d) {
    if (d.action() == Action.REQUIRE_APPROVAL) {
      return "a human must approve it in Airlock, then retry the identical request";
    }
    if (d.reasons().contains(Forwarder.BODY_TOO_LARGE)) {
      return "send a smaller request body";
    }
    if (d.reasons().contains(BuiltinGuards.THREAT_INTEL_MATCH)) {
      return "do not contact this destination; if it is listed by mistake, an Airlock operator can remove it from"
          + " the feed";
    }
    if (d.reasons().contains(BuiltinGuards.EPHEMERAL_SCOPE_VIOLATION)) {
      return "this key may not make this request; use a key issued for this operation and host";
    }
    return "do not retry it unchanged: remove what the rule flags or ask an Airlock operator to review the rule";
  }
}
