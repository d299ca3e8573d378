package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/** A stored agent. {@code updatedAt} moves on every change of name, runtime type or status. */
public record Agent(
    String id,
    String name,
    String env,
    String runtimeType,
    String status,
    double trustScore,
    Instant createdAt,
    Instant updatedAt) {

  public static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$");
  public static final Set<String> RUNTIME_TYPES =
      Set.of("langchain", "crewai", "openai_assistants", "openclaw", "custom");
  public static final String ACTIVE = "active";
  public static final String SUSPENDED = "suspended";

  public Agent {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(env, "env");
    requireNonNull(runtimeType, "runtimeType");
    requireNonNull(status, "status");
  }
}
