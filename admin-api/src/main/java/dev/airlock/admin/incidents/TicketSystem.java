package dev.airlock.admin.incidents;

import java.io.IOException;

/** Files an incident as a ticket in an external tracker. Blocking HTTP; called from the admin API's executor. */
interface TicketSystem {
  /**
   * @throws IOException when the tracker cannot be reached or refuses the ticket (the message says
   *     why, without credentials)
   */
  Ticket open(IncidentDetail incident) throws IOException;

  /** The ticket's text: what happened, to whom, and the traces. No secret values (traces hold none). */
  static String description(IncidentDetail d) {
    Incident i = d.incident();
    StringBuilder b = new StringBuilder()
        .append("Airlock incident ").append(i.id()).append('\n')
        .append("Trigger: ").append(i.trigger()).append('\n')
        .append("Severity: ").append(i.severity()).append('\n')
        .append("Environment: ").append(i.env()).append('\n')
        .append("Agent: ").append(i.agent()).append('\n')
        .append("Status: ").append(i.status()).append('\n')
        .append("Opened: ").append(i.openedAt()).append('\n');
    if (!d.timeline().isEmpty()) {
      b.append("\nTraces:\n");
      for (IncidentDetail.TimelineEntry t : d.timeline()) {
        b.append("- ").append(t.time()).append(' ').append(t.traceId());
        if (t.found()) {
          b.append(' ').append(t.tool()).append('.').append(t.operation()).append(' ').append(t.decision())
              .append(' ').append(String.join(",", t.reasons()));
        }
        b.append('\n');
      }
    }
    return b.toString();
  }
}
