package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.incidents.IncidentRules;
import dev.airlock.admin.incidents.Incidents;
import dev.airlock.admin.store.AuditChange;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code GET|PUT /api/v1/incidents/settings}: the trigger settings in force, and changes to them.
 * A PUT document has airlock.yaml's {@code incidents} shape (tickets aside) and names only what it
 * changes; it is merged into what the API stored before, validated, stored (every node reloads it
 * on notification) and applied on this node before the answer. Changing them needs a tenant-wide
 * key: triggers apply to every environment.
 */
final class IncidentSettingsHandler {
  private final Incidents incidents;
  private final ObjectMapper json;
  private final Envelope envelope;

  IncidentSettingsHandler(Incidents incidents, ObjectMapper json, Envelope envelope) {
    this.incidents = incidents;
    this.json = json;
    this.envelope = envelope;
  }

  ApiResponse handle(ApiRequest req) {
    if (req.isGet()) {
      return envelope.ok(req, incidents.rules().current().toJson());
    }
    if (!HttpMethod.PUT.equals(req.method())) {
      throw ApiException.methodNotAllowed(req);
    }
    Scopes.requireTenantWide(req.principal(), "changing incident settings");
    JsonNode body;
    try {
      body = json.readTree(req.body());
    } catch (IOException e) {
      throw ApiException.badRequest("invalid_json", null, "body is not valid JSON");
    }
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("invalid_json", null, "body must be a JSON object");
    }
    ObjectNode merged = incidents.rules().stored().load().map(n -> (ObjectNode) n.deepCopy())
        .orElseGet(json::createObjectNode);
    merge(merged, (ObjectNode) body);
    IncidentRules before = incidents.rules().current();
    IncidentRules after;
    try {
      after = incidents.rules().resolve(merged);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      int colon = message.indexOf(':');
      String field = colon > 0 ? message.substring(0, colon).replaceFirst("^settings\\.", "") : null;
      throw ApiException.badRequest("invalid_field", field, message.replaceFirst("^settings\\.", ""));
    }
    incidents.rules().stored().store(merged, req.actor(),
        new AuditChange("incident.settings.update", "incident_settings", "incidents", null, before.toJson(),
            after.toJson()));
    incidents.rules().run();
    return envelope.ok(req, incidents.rules().current().toJson());
  }

  /** Lays {@code update} over {@code base}, object members recursively. */
  private static void merge(ObjectNode base, ObjectNode update) {
    for (Iterator<Map.Entry<String, JsonNode>> it = update.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode current = base.get(e.getKey());
      if (current instanceof ObjectNode c && e.getValue() instanceof ObjectNode u) {
        merge(c, u);
      } else {
        base.set(e.getKey(), e.getValue().deepCopy());
      }
    }
  }
}
