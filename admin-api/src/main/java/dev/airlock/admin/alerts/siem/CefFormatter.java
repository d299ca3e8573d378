package dev.airlock.admin.alerts.siem;

import static java.util.Objects.requireNonNull;

import dev.airlock.admin.alerts.AlertEvent;
import dev.airlock.admin.alerts.DecisionAlert;
import dev.airlock.admin.alerts.IncidentAlert;
import dev.airlock.proxy.trace.Trace;
import java.util.Locale;

/**
 * Renders an alert event as one ArcSight CEF line:
 * {@code CEF:0|Airlock|Airlock|<version>|<signature>|<name>|<severity>|<extensions>}.
 *
 * <p>Signatures are stable per event type: the decision ({@code ALLOW}, {@code SANITIZE},
 * {@code DENY}, {@code REQUIRE_APPROVAL}) or {@code INCIDENT_<CHANGE>} ({@code INCIDENT_OPENED},
 * {@code INCIDENT_UPDATED}, …). Severity: LOW 3, MEDIUM 5, HIGH 8, CRITICAL 10. {@code cn1} (risk)
 * is the effective risk score scaled to 0..100 (CEF custom numbers are integers). {@code app} is the
 * application protocol (HTTPS), as the CEF standard defines the field; the tool and operation go to
 * {@code cs4}. The trace records no client address, so {@code src} is not sent.
 */
public final class CefFormatter {
  static final String VENDOR = "Airlock";
  static final String PRODUCT = "Airlock";

  // Lengths from the CEF Implementation Standard's extension dictionary.
  static final int MAX_VERSION = 31;
  static final int MAX_SIGNATURE = 1023;
  static final int MAX_NAME = 512;
  static final int MAX_ACT = 63;
  static final int MAX_APP = 31;
  static final int MAX_HOST = 1023;
  static final int MAX_EXTERNAL_ID = 40;
  static final int MAX_MSG = 1023;
  static final int MAX_OUTCOME = 63;
  static final int MAX_REQUEST = 1023;
  static final int MAX_REQUEST_METHOD = 1023;
  static final int MAX_CUSTOM_STRING = 4000;
  static final int MAX_USER = 1023;

  private final String version;

  /** A formatter stamping {@code version} (the product version) into every header. */
  public CefFormatter(String version) {
    this.version = requireNonNull(version, "version");
  }

  /** A formatter for the running product version. */
  public static CefFormatter forCurrentVersion() {
    return new CefFormatter(ProductVersion.current());
  }

  /** The CEF line for {@code event}; never contains a raw line break. */
  public String format(AlertEvent event) {
    requireNonNull(event, "event");
    if (event instanceof DecisionAlert decision) {
      return decision(decision.trace());
    }
    return incident((IncidentAlert) event);
  }

  /** The header signature for {@code event}: the decision, or INCIDENT_ plus the change. */
  static String signature(AlertEvent event) {
    if (event instanceof DecisionAlert decision) {
      return decision.trace().decision().toUpperCase(Locale.ROOT);
    }
    return "INCIDENT_" + ((IncidentAlert) event).change().toUpperCase(Locale.ROOT);
  }

  private String decision(Trace trace) {
    String action = enforced(trace);
    String toolOperation = toolOperation(trace);
    String name = decisionName(trace.decision()) + (toolOperation.isEmpty() ? "" : ": " + toolOperation);
    CefExtensions ext = new CefExtensions()
        .add("rt", Long.toString(trace.time().toEpochMilli()), 20)
        .add("suser", trace.agent(), MAX_USER)
        .add("act", action, MAX_ACT)
        .add("app", "HTTPS", MAX_APP)
        .add("request", "https://" + nullToEmpty(trace.host()) + path(trace.path()), MAX_REQUEST)
        .add("requestMethod", trace.method(), MAX_REQUEST_METHOD)
        .add("dhost", trace.host(), MAX_HOST)
        .add("outcome", outcome(action), MAX_OUTCOME)
        .add("externalId", trace.id(), MAX_EXTERNAL_ID)
        .labelled("cs1", "reasons", String.join(",", trace.reasons()), MAX_CUSTOM_STRING)
        .labelled("cs2", "env", trace.env(), MAX_CUSTOM_STRING)
        .labelled("cs3", "rule", trace.ruleRef(), MAX_CUSTOM_STRING)
        .labelled("cs4", "tool", toolOperation, MAX_CUSTOM_STRING)
        .labelled("cn1", "risk", Long.toString(riskPercent(trace.riskScore())), 20);
    return header(trace.decision().toUpperCase(Locale.ROOT), name, trace.severity()) + ext;
  }

  private String incident(IncidentAlert incident) {
    CefExtensions ext = new CefExtensions()
        .add("rt", Long.toString(incident.time().toEpochMilli()), 20)
        .add("suser", incident.agent(), MAX_USER)
        .add("act", incident.change(), MAX_ACT)
        .add("outcome", incident.status(), MAX_OUTCOME)
        .add("externalId", incident.incidentId(), MAX_EXTERNAL_ID)
        .add("msg", incident.detail(), MAX_MSG)
        .labelled("cs2", "env", incident.env(), MAX_CUSTOM_STRING)
        .labelled("cs5", "trigger", incident.trigger(), MAX_CUSTOM_STRING)
        .labelled("cs6", "traces", String.join(",", incident.traceIds()), MAX_CUSTOM_STRING);
    String name = incident.title() == null || incident.title().isBlank() ? "Incident" : incident.title();
    return header(signature(incident), name, incident.severity()) + ext;
  }

  private String header(String signature, String name, String severity) {
    return "CEF:0|" + VENDOR + "|" + PRODUCT + "|" + CefText.header(version, MAX_VERSION) + "|"
        + CefText.header(signature, MAX_SIGNATURE) + "|" + CefText.header(name, MAX_NAME) + "|"
        + AlertSeverity.of(severity).cef() + "|";
  }

  static long riskPercent(double risk) {
    if (Double.isNaN(risk)) {
      return 0;
    }
    return Math.round(Math.max(0, Math.min(1, risk)) * 100);
  }

  static String enforced(Trace trace) {
    String action = trace.enforcedAction();
    return action == null || action.isBlank() ? trace.decision() : action;
  }

  /** What happened to the request: allowed, sanitized, blocked or held for approval. */
  static String outcome(String action) {
    return switch (action.toUpperCase(Locale.ROOT)) {
      case "ALLOW" -> "allowed";
      case "SANITIZE" -> "sanitized";
      case "DENY" -> "blocked";
      case "REQUIRE_APPROVAL" -> "held";
      default -> action.toLowerCase(Locale.ROOT);
    };
  }

  private static String decisionName(String decision) {
    return switch (decision.toUpperCase(Locale.ROOT)) {
      case "ALLOW" -> "Request allowed";
      case "SANITIZE" -> "Request sanitized";
      case "DENY" -> "Request denied";
      case "REQUIRE_APPROVAL" -> "Request held for approval";
      default -> "Request " + decision.toLowerCase(Locale.ROOT);
    };
  }

  static String toolOperation(Trace trace) {
    String tool = nullToEmpty(trace.tool());
    String operation = nullToEmpty(trace.operation());
    if (tool.isEmpty()) {
      return operation;
    }
    return operation.isEmpty() ? tool : tool + "." + operation;
  }

  private static String path(String path) {
    if (path == null || path.isEmpty()) {
      return "/";
    }
    return path.startsWith("/") ? path : "/" + path;
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
