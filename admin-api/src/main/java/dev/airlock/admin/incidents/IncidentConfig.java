package dev.airlock.admin.incidents;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.config.ConfigException;

/**
 * The {@code incidents} section of airlock.yaml: the triggers' settings (which the API may change
 * later; stored changes win) and the ticket systems.
 */
public record IncidentConfig(IncidentRules rules, TicketSettings tickets) {
  public IncidentConfig {
    requireNonNull(rules, "rules");
    requireNonNull(tickets, "tickets");
  }

  public static IncidentConfig defaults() {
    return new IncidentConfig(IncidentRules.defaults(), TicketSettings.NONE);
  }

  /**
   * Parses the section ({@code null}: all defaults).
   *
   * @throws ConfigException naming the key at fault
   */
  public static IncidentConfig parse(JsonNode section) {
    if (section == null || section.isNull()) {
      return defaults();
    }
    if (!section.isObject()) {
      throw new ConfigException("incidents: expected a mapping");
    }
    ObjectNode rules = ((ObjectNode) section).deepCopy();
    JsonNode tickets = rules.remove("tickets");
    try {
      return new IncidentConfig(IncidentRules.fromConfig(rules), TicketSettings.parse(tickets, "incidents.tickets"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }
}
