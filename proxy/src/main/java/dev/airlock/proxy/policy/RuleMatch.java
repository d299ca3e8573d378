package dev.airlock.proxy.policy;

import java.util.List;
import java.util.Locale;

/**
 * Which requests a rule looks at. Every non-empty field must hold; an empty field matches
 * anything. Values are globs where {@code *} matches any run of characters (including '/').
 * tool_name, operation, verb, host, method and runtime_type compare case-insensitively; path and
 * agent are case-sensitive.
 */
public record RuleMatch(
    List<String> toolName,
    List<String> operation,
    List<String> verb,
    List<String> host,
    List<String> method,
    List<String> path,
    List<String> agent,
    List<String> runtimeType) {

  /** Matches every request. */
  public static final RuleMatch ANY =
      new RuleMatch(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

  private static final List<String> VERBS = List.of("READ", "WRITE", "ADMIN", "*");

  public RuleMatch {
    toolName = values(toolName, "tool_name");
    operation = values(operation, "operation");
    verb = values(verb, "verb").stream().map(v -> v.toUpperCase(Locale.ROOT)).toList();
    host = values(host, "host");
    method = values(method, "method");
    path = values(path, "path");
    agent = values(agent, "agent");
    runtimeType = values(runtimeType, "runtime_type");
    for (int i = 0; i < verb.size(); i++) {
      if (!VERBS.contains(verb.get(i))) {
        throw PolicyException.at(
            "verb[" + i + "]", "\"" + verb.get(i) + "\" (expected: READ, WRITE, ADMIN)");
      }
    }
  }

  /** True when no field constrains the request. */
  public boolean matchesEverything() {
    return equals(ANY);
  }

  static List<String> values(List<String> values, String field) {
    if (values == null) {
      return List.of();
    }
    List<String> copy = List.copyOf(values);
    for (int i = 0; i < copy.size(); i++) {
      if (copy.get(i).isEmpty()) {
        throw PolicyException.at(field + "[" + i + "]", "\"\" (expected: a non-empty string)");
      }
    }
    return copy;
  }
}
