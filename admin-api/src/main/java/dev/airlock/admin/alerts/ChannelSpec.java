package dev.airlock.admin.alerts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What defines an alert channel: the one shape of the API, the CLI file and the config file. Built
 * only by {@link ChannelSpecParser}, which validates it; {@link #config} holds the secrets, so the
 * outside world sees it only through {@link ChannelJson}.
 *
 * @param envNames environment slugs, or {@code ["*"]} for every environment
 * @param events ALLOW, SANITIZE, DENY, REQUIRE_APPROVAL, INCIDENT
 * @param minSeverity LOW, MEDIUM, HIGH or CRITICAL
 * @param tools tool names (empty: every tool)
 * @param agents agent names (empty: every agent)
 * @param config the type's settings, secrets included
 */
public record ChannelSpec(
    String name,
    ChannelType type,
    List<String> envNames,
    List<String> events,
    String minSeverity,
    List<String> tools,
    List<String> agents,
    ObjectNode config,
    boolean enabled) {

  public ChannelSpec {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
    envNames = List.copyOf(envNames);
    events = List.copyOf(events);
    requireNonNull(minSeverity, "minSeverity");
    tools = List.copyOf(tools);
    agents = List.copyOf(agents);
    config = requireNonNull(config, "config").deepCopy();
  }

  /** Whether the channel serves every environment. */
  public boolean allEnvironments() {
    return envNames.contains("*");
  }

  @Override
  public ObjectNode config() {
    return config.deepCopy();
  }

  @Override
  public String toString() {
    return "ChannelSpec[" + name + ", " + type.slug() + ", env_names=" + envNames + "]";
  }
}
