package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.incidents.Incident;
import dev.airlock.admin.incidents.IncidentActions;
import dev.airlock.admin.incidents.IncidentJson;
import dev.airlock.admin.incidents.IncidentQuery;
import dev.airlock.admin.incidents.IncidentRepository;
import dev.airlock.admin.incidents.IncidentTrigger;
import dev.airlock.admin.incidents.Incidents;
import dev.airlock.admin.incidents.Transitions;
import dev.airlock.admin.store.TraceRepository;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /api/v1/incidents}: list (filters severity, status, agent, env, trigger, since/until;
 * keyset-paged), read one with its timeline, notes and actions, open one by hand from traces
 * ({@code POST}), move it on ({@code POST /{id}/transition}), add a note ({@code POST /{id}/notes}),
 * act on it ({@code POST /{id}/actions}); {@code GET /stats} (per trigger: opened, closed, false
 * positives and their ratio) and {@code GET|PUT /settings} (trigger thresholds, windows, severities
 * and auto-actions; every node picks a change up). Environment-scoped keys see their environment's
 * incidents only; every change is audited.
 */
final class IncidentsHandler implements ResourceHandler {
  private static final Set<String> SEVERITIES = Set.of("LOW", "MEDIUM", "HIGH", "CRITICAL");
  private static final List<String> SEVERITY_ORDER = List.of("LOW", "MEDIUM", "HIGH", "CRITICAL");
  private static final int MAX_TRACES = 100;
  private static final int MAX_NOTE = 10_000;
  private static final int MAX_TITLE = 200;

  private final Incidents incidents;
  private final TraceRepository traces;
  private final ObjectMapper json;
  private final Envelope envelope;
  private final Clock clock;
  private final IncidentSettingsHandler settings;

  IncidentsHandler(Incidents incidents, TraceRepository traces, ObjectMapper json, Envelope envelope, Clock clock) {
    this.incidents = incidents;
    this.traces = traces;
    this.json = json;
    this.envelope = envelope;
    this.clock = clock;
    this.settings = new IncidentSettingsHandler(incidents, json, envelope);
  }

  @Override
  public ApiResponse handle(ApiRequest req) {
    List<String> path = req.segments();
    if (path.size() == 1) {
      if (req.isGet()) {
        return list(req);
      }
      if (HttpMethod.POST.equals(req.method())) {
        return open(req);
      }
      throw ApiException.methodNotAllowed(req);
    }
    if (path.size() == 2 && path.get(1).equals("stats")) {
      requireGet(req);
      return stats(req);
    }
    if (path.size() == 2 && path.get(1).equals("settings")) {
      return settings.handle(req);
    }
    if (path.size() == 2) {
      requireGet(req);
      Incident i = visible(req, path.get(1));
      return envelope.ok(req, IncidentJson.detail(incidents.repository().detail(i)));
    }
    if (path.size() == 3) {
      if (!HttpMethod.POST.equals(req.method())) {
        throw ApiException.methodNotAllowed(req);
      }
      return switch (path.get(2)) {
        case "transition" -> transition(req, path.get(1));
        case "notes" -> note(req, path.get(1));
        case "actions" -> action(req, path.get(1));
        default -> throw ApiException.notFound("no such resource: " + req.path());
      };
    }
    throw ApiException.notFound("no such resource: " + req.path());
  }

  private ApiResponse list(ApiRequest req) {
    Instant now = Instant.now(clock);
    String status = oneOf(req.param("status"), Transitions.STATUSES, "status");
    String severity = req.param("severity") == null ? null : req.param("severity").toUpperCase(Locale.ROOT);
    oneOf(severity, SEVERITY_ORDER, "severity");
    String trigger = req.param("trigger");
    if (trigger != null && IncidentTrigger.of(trigger) == null && !IncidentTrigger.MANUAL.equals(trigger)) {
      throw ApiException.badRequest("invalid_parameter", "trigger", "trigger: \"" + trigger + "\" (expected: "
          + triggerNames() + ")");
    }
    IncidentQuery q = new IncidentQuery(Scopes.listEnv(req.principal(), req.param("env")), status, severity,
        req.param("agent"), trigger, TimeParam.parse("since", req.param("since"), now),
        TimeParam.parse("until", req.param("until"), now), ListParams.limit(req.param("limit")),
        ListParams.cursor(req.param("cursor")));
    IncidentRepository.Page page = incidents.repository().list(q);
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    page.items().forEach(i -> items.add(IncidentJson.incident(i)));
    return envelope.list(req, items, page.next() == null ? null : page.next().encode(), page.total());
  }

  private ApiResponse stats(ApiRequest req) {
    String env = Scopes.listEnv(req.principal(), req.param("env"));
    Instant since = TimeParam.parse("since", req.param("since"), Instant.now(clock));
    List<IncidentRepository.TriggerStats> rows = incidents.repository().stats(env, since);
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    for (String name : triggerNames()) {
      IncidentRepository.TriggerStats s = rows.stream().filter(r -> r.trigger().equals(name)).findFirst()
          .orElse(new IncidentRepository.TriggerStats(name, 0, 0, 0));
      items.addObject().put("trigger", name).put("opened", s.opened()).put("closed", s.closed())
          .put("false_positives", s.falsePositives()).put("false_positive_ratio", s.falsePositiveRatio());
    }
    return envelope.list(req, items, null, items.size());
  }

  /** {@code POST /incidents} {"trace_ids": [...], "title"?, "severity"?}: opened by hand. */
  private ApiResponse open(ApiRequest req) {
    JsonBody body = JsonBody.parse(json, req, Set.of("trace_ids", "title", "severity"));
    JsonNode ids = body.node("trace_ids");
    if (ids == null || !ids.isArray() || ids.isEmpty()) {
      throw ApiException.badRequest("missing_field", "trace_ids", "trace_ids: required, a list of trace ids");
    }
    if (ids.size() > MAX_TRACES) {
      throw ApiException.badRequest("invalid_field", "trace_ids",
          "trace_ids: " + ids.size() + " (expected: at most " + MAX_TRACES + ")");
    }
    ManualTraces found = ManualTraces.resolve(ids, traces, req.principal());
    String severity = body.text("severity", null);
    if (severity != null && !SEVERITIES.contains(severity.toUpperCase(Locale.ROOT))) {
      throw ApiException.badRequest("invalid_field", "severity",
          "severity: \"" + severity + "\" (expected: LOW, MEDIUM, HIGH or CRITICAL)");
    }
    severity = severity != null ? severity.toUpperCase(Locale.ROOT) : found.severity(SEVERITY_ORDER);
    String title = body.text("title", null);
    if (title != null && (title.isBlank() || title.length() > MAX_TITLE)) {
      throw ApiException.badRequest("invalid_field", "title", "title: 1.." + MAX_TITLE + " characters");
    }
    title = title != null ? title : "Opened by hand: " + found.agent();
    Scopes.requireCreateIn(req.principal(), found.env());
    Incident created = incidents.repository().openManual(found.env(), found.agent(), severity, title, found.refs(),
        req.actor(), i -> new dev.airlock.admin.store.AuditChange("incident.open", "incident", i.id(), i.env(), null,
            IncidentJson.incident(i)));
    return envelope.data(req, HttpResponseStatus.CREATED,
        IncidentJson.detail(incidents.repository().detail(created)));
  }

  private ApiResponse transition(ApiRequest req, String id) {
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
    visible(req, id);
    return envelope.ok(req, IncidentJson.incident(incidents.transition(id, status, resolution, req.actor())));
  }

  private ApiResponse note(ApiRequest req, String id) {
    String text = JsonBody.parse(json, req, Set.of("text")).text("text", null);
    if (text == null || text.isBlank()) {
      throw ApiException.badRequest("missing_field", "text", "text: required");
    }
    if (text.length() > MAX_NOTE) {
      throw ApiException.badRequest("invalid_field", "text",
          "text: " + text.length() + " characters (expected: at most " + MAX_NOTE + ")");
    }
    Incident i = visible(req, id);
    var note = incidents.repository().addNote(i.id(), text, req.actor(), n -> new dev.airlock.admin.store.AuditChange(
        "incident.note", "incident", i.id(), i.env(), null, IncidentJson.note(n)));
    return envelope.data(req, HttpResponseStatus.CREATED, IncidentJson.note(note));
  }

  private ApiResponse action(ApiRequest req, String id) {
    JsonBody body = JsonBody.parse(json, req, Set.of("action", "channel", "system", "key_id", "grace_seconds"));
    String kind = body.text("action", null);
    if (kind == null) {
      throw ApiException.badRequest("missing_field", "action",
          "action: required (expected: one of " + String.join(", ", IncidentActions.KINDS) + ")");
    }
    oneOf(kind, IncidentActions.KINDS, "action", "invalid_field");
    Incident i = visible(req, id);
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

  /** The incident, if this caller may see it; 404 alike for a missing one and another env's. */
  private Incident visible(ApiRequest req, String id) {
    Incident i = incidents.repository().find(id).orElseThrow(() -> notFound(id));
    Scopes.requireVisible(req.principal(), i.env(), notFound(id).getMessage());
    return i;
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("incident not found: " + id);
  }

  private static void requireGet(ApiRequest req) {
    if (!req.isGet()) {
      throw ApiException.methodNotAllowed(req);
    }
  }

  private static String oneOf(String value, List<String> allowed, String field) {
    if (value != null && !allowed.contains(value)) {
      throw ApiException.badRequest("invalid_parameter", field,
          field + ": \"" + value + "\" (expected: " + String.join(", ", allowed) + ")");
    }
    return value;
  }

  private static void oneOf(String value, List<String> allowed, String field, String code) {
    if (value != null && !allowed.contains(value)) {
      throw ApiException.badRequest(code, field,
          field + ": \"" + value + "\" (expected: " + String.join(", ", allowed) + ")");
    }
  }

  private static List<String> triggerNames() {
    List<String> names = new java.util.ArrayList<>();
    for (IncidentTrigger t : IncidentTrigger.values()) {
      names.add(t.wireName());
    }
    names.add(IncidentTrigger.MANUAL);
    return names;
  }
}
