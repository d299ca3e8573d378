package dev.airlock.admin.alerts.siem;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.alerts.AlertEvent;
import dev.airlock.admin.alerts.DecisionAlert;
import dev.airlock.admin.alerts.IncidentAlert;
import dev.airlock.proxy.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps alert events to OCSF {@value #SCHEMA_VERSION} events. Every decision becomes an HTTP Activity
 * (class 4002) with the security_control profile; DENY and REQUIRE_APPROVAL decisions and incidents
 * also become a Detection Finding (class 2004). {@code type_uid = class_uid * 100 + activity_id}.
 * The acting agent is {@code actor.user} (host profile, applied when the agent is known).
 * Airlock's own fields (reasons, env, rule, risk 0..1, tool, operation, data classes) go to
 * {@code unmapped}; {@code risk_score} is the risk on OCSF's integer 0..100 scale.
 */
public final class OcsfMapper {
  /** The OCSF schema release the events follow. */
  public static final String SCHEMA_VERSION = "1.8.0";

  static final int HTTP_ACTIVITY = 4002;
  static final int DETECTION_FINDING = 2004;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String productVersion;

  /** A mapper stamping {@code productVersion} into {@code metadata.product.version}. */
  public OcsfMapper(String productVersion) {
    this.productVersion = requireNonNull(productVersion, "productVersion");
  }

  /** A mapper for the running product version. */
  public static OcsfMapper forCurrentVersion() {
    return new OcsfMapper(ProductVersion.current());
  }

  /** The OCSF events for {@code event}: HTTP Activity first, then a Detection Finding where one applies. */
  public List<ObjectNode> map(AlertEvent event) {
    requireNonNull(event, "event");
    List<ObjectNode> out = new ArrayList<>(2);
    if (event instanceof DecisionAlert decision) {
      Trace trace = decision.trace();
      out.add(httpActivity(trace));
      String kind = trace.decision().toUpperCase(Locale.ROOT);
      if (kind.equals("DENY") || kind.equals("REQUIRE_APPROVAL")) {
        out.add(decisionFinding(trace));
      }
    } else {
      out.add(incidentFinding((IncidentAlert) event));
    }
    return out;
  }

  /** Same as {@link #map} with each event as one line of compact JSON. */
  public List<String> mapToJson(AlertEvent event) {
    return map(event).stream().map(ObjectNode::toString).toList();
  }

  private ObjectNode httpActivity(Trace trace) {
    HttpMethodActivity activity = HttpMethodActivity.of(trace.method());
    ObjectNode node = base(HTTP_ACTIVITY, "HTTP Activity", 4, "Network Activity", activity.id(), activity.caption(),
        trace.time().toEpochMilli(), trace.severity(), true);
    ((ObjectNode) node.get("metadata")).put("uid", trace.id()).put("event_code", trace.decision());
    SecurityControl control = SecurityControl.of(trace);
    control.applyTo(node);
    policy(node, trace.ruleRef());
    boolean failed = control.actionId() == SecurityControl.DENIED;
    node.put("status_id", failed ? 2 : 1).put("status", failed ? "Failure" : "Success");
    if (trace.status() > 0) {
      node.put("status_code", Integer.toString(trace.status()));
      node.put("http_status", trace.status());
      node.putObject("http_response").put("code", trace.status());
    }
    node.put("message", CefFormatter.outcome(CefFormatter.enforced(trace)) + " " + CefFormatter.toolOperation(trace)
        + " " + trace.method() + " https://" + trace.host() + path(trace.path()));
    ObjectNode request = node.putObject("http_request");
    request.put("http_method", trace.method());
    request.put("uid", trace.id());
    ObjectNode url = request.putObject("url");
    url.put("scheme", "https").put("hostname", trace.host()).put("path", path(trace.path()))
        .put("url_string", "https://" + trace.host() + path(trace.path()));
    node.putObject("dst_endpoint").put("hostname", trace.host());
    actor(node, trace.agent());
    risk(node, trace.riskScore());
    node.set("unmapped", unmapped(trace));
    return node;
  }

  private ObjectNode decisionFinding(Trace trace) {
    ObjectNode node = base(DETECTION_FINDING, "Detection Finding", 2, "Findings", 1, "Create",
        trace.time().toEpochMilli(), trace.severity(), true);
    ((ObjectNode) node.get("metadata")).put("uid", trace.id() + ":finding").put("event_code", trace.decision());
    SecurityControl.of(trace).applyTo(node);
    policy(node, trace.ruleRef());
    node.put("status_id", 1).put("status", "New");
    ObjectNode info = node.putObject("finding_info");
    info.put("uid", trace.id());
    String toolOperation = CefFormatter.toolOperation(trace);
    info.put("title", (trace.decision().equalsIgnoreCase("DENY") ? "Request denied" : "Request held for approval")
        + (toolOperation.isEmpty() ? "" : ": " + toolOperation));
    info.put("created_time", trace.time().toEpochMilli());
    ArrayNode types = info.putArray("types");
    trace.reasons().forEach(types::add);
    info.putArray("related_events").addObject().put("uid", trace.id()).put("type_uid", HTTP_ACTIVITY * 100L
        + HttpMethodActivity.of(trace.method()).id());
    node.put("message", info.get("title").asText());
    actor(node, trace.agent());
    risk(node, trace.riskScore());
    node.set("unmapped", unmapped(trace));
    return node;
  }

  private ObjectNode incidentFinding(IncidentAlert incident) {
    String status = incident.status() == null ? "" : incident.status().toLowerCase(Locale.ROOT);
    int activityId = "closed".equals(status) ? 3 : "opened".equalsIgnoreCase(incident.change()) ? 1 : 2;
    String activity = activityId == 1 ? "Create" : activityId == 2 ? "Update" : "Close";
    ObjectNode node = base(DETECTION_FINDING, "Detection Finding", 2, "Findings", activityId, activity,
        incident.time().toEpochMilli(), incident.severity(), false);
    ((ObjectNode) node.get("metadata")).put("uid", incident.eventId()).put("event_code", "INCIDENT");
    int statusId = switch (status) {
      case "open" -> 1;
      case "investigating" -> 2;
      case "closed" -> 4;
      default -> 99;
    };
    node.put("status_id", statusId)
        .put("status", statusId == 1 ? "New" : statusId == 2 ? "In Progress" : statusId == 4 ? "Resolved"
            : incident.status() == null ? "Other" : incident.status());
    node.put("is_alert", activityId != 3);
    ObjectNode info = node.putObject("finding_info");
    info.put("uid", incident.incidentId());
    info.put("title", incident.title() == null || incident.title().isBlank() ? "Incident" : incident.title());
    if (incident.trigger() != null && !incident.trigger().isEmpty()) {
      info.putArray("types").add(incident.trigger());
    }
    ArrayNode related = info.putArray("related_events");
    incident.traceIds().forEach(id -> related.addObject().put("uid", id));
    info.put("related_events_count", incident.traceIds().size());
    if (incident.detail() != null && !incident.detail().isEmpty()) {
      info.put("desc", incident.detail());
      node.put("message", incident.detail());
    }
    actor(node, incident.agent());
    ObjectNode unmapped = node.putObject("unmapped");
    unmapped.put("env", incident.env()).put("trigger", incident.trigger()).put("change", incident.change());
    return node;
  }

  private ObjectNode base(int classUid, String className, int categoryUid, String categoryName, int activityId,
      String activityName, long time, String severity, boolean securityControl) {
    AlertSeverity level = AlertSeverity.of(severity);
    ObjectNode node = JSON.createObjectNode();
    node.put("class_uid", classUid).put("class_name", className)
        .put("category_uid", categoryUid).put("category_name", categoryName)
        .put("activity_id", activityId).put("activity_name", activityName)
        .put("type_uid", classUid * 100L + activityId).put("type_name", className + ": " + activityName)
        .put("severity_id", level.ocsfId()).put("severity", level.ocsfCaption())
        .put("time", time);
    ObjectNode metadata = node.putObject("metadata");
    metadata.put("version", SCHEMA_VERSION);
    metadata.putObject("product").put("name", CefFormatter.PRODUCT).put("vendor_name", CefFormatter.VENDOR)
        .put("version", productVersion);
    ArrayNode profiles = metadata.putArray("profiles");
    if (securityControl) {
      profiles.add("security_control");
    }
    return node;
  }

  /** The agent as the acting user; {@code actor} belongs to the host profile, so that profile is applied. */
  private static void actor(ObjectNode node, String agent) {
    if (agent != null && !agent.isEmpty()) {
      ((ArrayNode) node.get("metadata").get("profiles")).add("host");
      node.putObject("actor").putObject("user").put("name", agent).put("type_id", 99).put("type", "Agent");
    }
  }

  private static void policy(ObjectNode node, String ruleRef) {
    if (ruleRef != null && !ruleRef.isEmpty()) {
      node.putObject("policy").put("uid", ruleRef).put("name", ruleRef).put("is_applied", true);
    }
  }

  private static void risk(ObjectNode node, double risk) {
    long percent = CefFormatter.riskPercent(risk);
    int levelId = percent >= 85 ? 4 : percent >= 60 ? 3 : percent >= 30 ? 2 : 1;
    node.put("risk_score", (int) percent).put("risk_level_id", levelId)
        .put("risk_level", switch (levelId) {
          case 4 -> "Critical";
          case 3 -> "High";
          case 2 -> "Medium";
          default -> "Low";
        });
  }

  private static ObjectNode unmapped(Trace trace) {
    ObjectNode unmapped = JSON.createObjectNode();
    ArrayNode reasons = unmapped.putArray("reasons");
    trace.reasons().forEach(reasons::add);
    unmapped.put("env", trace.env()).put("rule", trace.ruleRef()).put("risk", trace.riskScore())
        .put("tool", trace.tool()).put("operation", trace.operation()).put("verb", trace.verb())
        .put("decision", trace.decision()).put("enforced_action", CefFormatter.enforced(trace));
    ArrayNode classes = unmapped.putArray("data_classes");
    trace.dataClasses().forEach(classes::add);
    if (trace.approvalId() != null) {
      unmapped.put("approval_id", trace.approvalId());
    }
    return unmapped;
  }

  private static String path(String path) {
    if (path == null || path.isEmpty()) {
      return "/";
    }
    return path.startsWith("/") ? path : "/" + path;
  }
}
