package dev.airlock.admin.alerts;

import java.time.Instant;

/**
 * Something that may be sent to an alert channel: a decision (one trace) or an incident. Channels
 * filter on {@link #eventType()}, {@link #severity()}, {@link #tool()} and {@link #agent()}, and
 * render it in their own format (chat card, CEF line, OCSF object, JSON).
 */
public sealed interface AlertEvent permits DecisionAlert, IncidentAlert {
  /** ALLOW, SANITIZE, DENY, REQUIRE_APPROVAL or INCIDENT: what a channel's {@code events} filter names. */
  String eventType();

  /** Stable id of what happened (trace id, or incident id plus what changed), for idempotent delivery. */
  String eventId();

  Instant time();

  /** Environment slug ("" when the agent was not authenticated). */
  String env();

  /** Agent name ("" when the agent was not authenticated). */
  String agent();

  /** LOW, MEDIUM, HIGH or CRITICAL. */
  String severity();

  /** Tool name, or "" when the event is not about one tool. */
  String tool();
}
