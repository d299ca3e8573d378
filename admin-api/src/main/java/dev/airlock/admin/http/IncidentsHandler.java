package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.airlock.admin.incidents.Incident;
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
 * act on it ({@code POST /{id}/actions}, see {@link IncidentChangesHandler}); {@code GET /stats} (per trigger: opened, closed, false
 * positives and their ratio) and {@code GET|PUT /settings} (trigger thresholds, windows, severities
 * and auto-actions; every node picks a change up). Environment-scoped keys see their environment's
 * incidents only; every change is audited.
 */
final class IncidentsHandler implements ResourceHandler {
  private static final Set<String> SEVERITIES = Set.of("LOW", "MEDIUM", "HIGH", "CRITICAL");
  private static final List<String> SEVERITY_ORDER = List.of("LOW", "MEDIUM", "HIGH", "CRITICAL");
  private static final int MAX_TRACES = 100;
  private static final int MAX_TITLE = 200;

  private final Incidents incidents;
  private final TraceRepository traces;
  private final ObjectMapper json;
  private final Envelope envelope;
  private final Clock clock;
  private final IncidentSettingsHandler settings;
  private final IncidentChangesHandler changes;

  IncidentsHandler(Incidents incidents, TraceRepository traces, ObjectMapper json, Envelope envelope, Clock clock) {
    this.incidents = incidents;
    this.traces = traces;
    this.json = json;
    this.envelope = envelope;
    this.clock = clock;
    this.settings = new IncidentSettingsHandler(incidents, json, envelope);
    this.changes = new IncidentChangesHandler(incidents, json, envelope);
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
      return changes.handle(req, visible(req, path.get(1)), path.get(2));
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
    Incident created = incidents.openManual(found.env(), found.agent(), severity, title, found.refs(),
        req.actor());
    return envelope.data(req, HttpResponseStatus.CREATED,
        IncidentJson.detail(incidents.repository().detail(created)));
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

  private static List<String> triggerNames() {
    List<String> names = new java.util.ArrayList<>();
    for (IncidentTrigger t : IncidentTrigger.values()) {
      names.add(t.wireName());
    }
    names.add(IncidentTrigger.MANUAL);
    return names;
  }
}
