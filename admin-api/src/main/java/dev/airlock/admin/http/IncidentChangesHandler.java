package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.incidents.Incident;
import dev.airlock.admin.incidents.IncidentActions;
import dev.airlock.admin.incidents.IncidentJson;
import dev.airlock.admin.incidents.Incidents;
import dev.airlock.admin.incidents.Transitions;
import dev.airlock.admin.store.AuditChange;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Set;

/**
 * What changes one incident: {@code POST /{id}/transition} {"status", "resolution"?} (closing needs
 * a resolution code: 400 without; an illegal move 409), {@code POST /{id}/notes} {"text"} and
 * {@code POST /{id}/actions} {"action", …} (a ticket system that fails answers 502, the action
 * recorded as failed). The caller may see the incident (checked before).
 */
final class IncidentChangesHandler {
  private static final int MAX_NOTE = 10_000;

  private final Incidents incidents;
  private final ObjectMapper json;
  private final Envelope envelope;

  IncidentChangesHandler(Incidents incidents, ObjectMapper json, Envelope envelope) {
    this.incidents = incidents;
    this.json = json;
    this.envelope = envelope;
  }

  ApiResponse handle(ApiRequest req, Incident incident, String change) {
    return switch (change) {
      case "transition" -> transition(req, incident);
      case "notes" -> note(req, incident);
      case "actions" -> action(req, incident);
      default -> throw ApiException.notFound("no such resource: " + req.path());
    };
  }

  private ApiResponse transition(ApiRequest req, Incident i) {
    JsonBody body = JsonBody.parse(json, req, Set.of("status", "resolution"));
    String status = body.text("status", null);
    if (status == null) {
      throw ApiException.badRequest("missing_field", "status", "status: required (expected: investigating, closed)");
    }
    oneOf(status, Transitions.STATUSES, "status", "invalid_field");
    String resolution = body.text("resolution", null);
    if (Incident.CLOSED.equals(status) && resolution == null) {
      throw ApiException.badRequest("resolution_required", "resolution",
          "resolution: required to close (expected: " + String.join(", ", Transitions.RESOLUTIONS) + ")");
    }
    if (resolution != null && !Incident.CLOSED.equals(status)) {
      throw ApiException.badRequest("invalid_field", "resolution", "resolution: only given when closing");
    }
    oneOf(resolution, Transitions.RESOLUTIONS, "resolution", "invalid_resolution");
    return envelope.ok(req, IncidentJson.incident(incidents.transition(i.id(), status, resolution, req.actor())));
  }

  private ApiResponse note(ApiRequest req, Incident i) {
    String text = JsonBody.parse(json, req, Set.of("text")).text("text", null);
    if (text == null || text.isBlank()) {
      throw ApiException.badRequest("missing_field", "text", "text: required");
    }
    if (text.length() > MAX_NOTE) {
      throw ApiException.badRequest("invalid_field", "text",
          "text: " + text.length() + " characters (expected: at most " + MAX_NOTE + ")");
    }
    var note = incidents.repository().addNote(i.id(), text, req.actor(), n -> new AuditChange(
        "incident.note", "incident", i.id(), i.env(), null, IncidentJson.note(n)));
    return envelope.data(req, HttpResponseStatus.CREATED, IncidentJson.note(note));
  }

  private ApiResponse action(ApiRequest req, Incident i) {
    JsonBody body = JsonBody.parse(json, req, Set.of("action", "channel", "system", "key_id", "grace_seconds"));
    String kind = body.text("action", null);
    if (kind == null) {
      throw ApiException.badRequest("missing_field", "action",
          "action: required (expected: one of " + String.join(", ", IncidentActions.KINDS) + ")");
    }
    oneOf(kind, IncidentActions.KINDS, "action", "invalid_field");
    IncidentActions.Outcome outcome = incidents.actions().perform(i, new IncidentActions.Request(kind,
        body.text("channel", null), body.text("system", null), body.text("key_id", null),
        body.integer("grace_seconds", 0)), req.actor());
    if (!outcome.ok()) {
      ApiResponse failed = envelope.error(req.requestId(), HttpResponseStatus.BAD_GATEWAY, "action_failed",
          kind + " failed: " + outcome.record().result().path("error").asText("unknown error"), "action");
      ((ObjectNode) failed.body().get("error")).set("action", outcome.response());
      return failed;
    }
    return envelope.data(req, HttpResponseStatus.CREATED, outcome.response());
  }

  private static void oneOf(String value, List<String> allowed, String field, String code) {
    if (value != null && !allowed.contains(value)) {
      throw ApiException.badRequest(code, field,
          field + ": \"" + value + "\" (expected: " + String.join(", ", allowed) + ")");
    }
  }
}
