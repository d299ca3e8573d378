package dev.airlock.admin.incidents;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.alerts.AlertSink;
import dev.airlock.proxy.risk.TrustBook;
import dev.airlock.proxy.risk.TrustChange;
import dev.airlock.proxy.risk.TrustEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a trigger's auto-actions on the incident it opened (lower trust, pin scrutiny, alert) and
 * records each on the incident; an incident extended is published as {@code updated} when its
 * trigger alerts. Runs on the detector's executor, never on the trace writer's thread.
 */
final class AutoResponder {
  private static final Logger LOG = LoggerFactory.getLogger(AutoResponder.class);

  private final IncidentRepository incidents;
  private final TrustBook trust;
  private final ScrutinyPins pins;
  private final AlertSink alerts;
  private final Clock clock;

  AutoResponder(IncidentRepository incidents, TrustBook trust, ScrutinyPins pins, AlertSink alerts, Clock clock) {
    this.incidents = incidents;
    this.trust = trust;
    this.pins = pins;
    this.alerts = alerts;
    this.clock = clock;
  }

  void respond(Correlation c, TriggerSettings settings) {
    Incident i = c.incident();
    AutoActions actions = settings.autoActions();
    if (!c.opened()) {
      if (actions.alert()) {
        alerts.publish(IncidentAlerts.of(i, "updated", clock.instant(), c.traceIds(),
            c.traceIds().size() + " more trace(s); " + i.traceCount() + " in all"));
      }
      return;
    }
    String lastTrace = c.traceIds().isEmpty() ? null : c.traceIds().get(c.traceIds().size() - 1);
    if (actions.lowerTrust()) {
      run(i, "lower_trust", JsonNodeFactory.instance.objectNode().put("event", TrustEvent.INCIDENT.wireName()), () -> {
        TrustChange change = trust.record(i.env(), i.agent(), TrustEvent.INCIDENT, lastTrace, null);
        return JsonNodeFactory.instance.objectNode().put("delta", change.delta()).put("score_after",
            change.scoreAfter());
      });
    }
    if (actions.pinScrutinyHours() > 0) {
      Instant until = clock.instant().plus(Duration.ofHours(actions.pinScrutinyHours()));
      ObjectNode params = JsonNodeFactory.instance.objectNode().put("hours", actions.pinScrutinyHours())
          .put("multiplier", actions.pinMultiplier());
      run(i, "pin_scrutiny", params, () -> {
        pins.pin(i.env(), i.agent(), actions.pinMultiplier(), until, i.id());
        return JsonNodeFactory.instance.objectNode().put("until", until.toString());
      });
    }
    if (actions.alert()) {
      run(i, "alert", JsonNodeFactory.instance.objectNode(), () -> {
        alerts.publish(IncidentAlerts.of(i, "opened", i.openedAt(), c.traceIds(),
            i.title() + " (" + c.traceIds().size() + " trace(s))"));
        return JsonNodeFactory.instance.objectNode().put("published", true);
      });
    }
  }

  private interface Action {
    ObjectNode run();
  }

  /** Runs one action and records it, failed or not. */
  private void run(Incident i, String kind, ObjectNode params, Action action) {
    ObjectNode result;
    boolean ok;
    try {
      result = action.run();
      ok = true;
    } catch (RuntimeException e) {
      LOG.warn("incident {}: auto-action {} failed: {}", i.id(), kind, e.getMessage());
      result = JsonNodeFactory.instance.objectNode().put("error", String.valueOf(e.getMessage()));
      ok = false;
    }
    incidents.recordAction(i.id(), kind, Incident.SYSTEM, params, ok, result, null, null);
  }

}
