package dev.airlock.admin.alerts;

import dev.airlock.proxy.trace.Trace;
import java.time.Instant;

/**
 * One decision of the data plane, as its trace recorded it. A REQUIRE_APPROVAL decision carries the
 * approval's id in {@link Trace#approvalId()}, which chat channels turn into Approve / Deny actions.
 */
public record DecisionAlert(Trace trace) implements AlertEvent {
  public DecisionAlert {
    if (trace == null) {
      throw new IllegalArgumentException("trace is required");
    }
  }

  @Override
  public String eventType() {
    return trace.decision();
  }

  @Override
  public String eventId() {
    return trace.id();
  }

  @Override
  public Instant time() {
    return trace.time();
  }

  @Override
  public String env() {
    return trace.env();
  }

  @Override
  public String agent() {
    return trace.agent();
  }

  @Override
  public String severity() {
    return trace.severity();
  }

  @Override
  public String tool() {
    return trace.tool();
  }
}
