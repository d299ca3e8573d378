package dev.airlock.proxy.policy;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A validated policy document.
 *
 * @param name {@code ^[a-z0-9][a-z0-9._-]{0,99}$}
 * @param description free text ("" when absent)
 * @param envNames environments the document applies to; {@code ["*"]} for every environment
 * @param rules at least one rule, ids unique
 */
public record PolicyDocument(
    String name, String description, List<String> envNames, List<PolicyRule> rules) {

  public static final String ALL_ENVS = "*";
  public static final int MAX_DESCRIPTION = 2000;

  private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,99}$");
  private static final Pattern ENV = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$");

  public PolicyDocument {
    requireNonNull(name, "name");
    description = description == null ? "" : description;
    envNames = envNames == null || envNames.isEmpty() ? List.of(ALL_ENVS) : List.copyOf(envNames);
    rules = rules == null ? List.of() : List.copyOf(rules);
    if (!NAME.matcher(name).matches()) {
      throw PolicyException.at("name", "\"" + name + "\" (expected: " + NAME.pattern() + ")");
    }
    if (description.length() > MAX_DESCRIPTION) {
      throw PolicyException.at(
          "description", description.length() + " characters (expected: <= " + MAX_DESCRIPTION + ")");
    }
    checkEnvNames(envNames);
    checkRules(rules);
  }

  /** True when this document applies to {@code env}. */
  public boolean appliesTo(String env) {
    return appliesToAll() || envNames.contains(env);
  }

  /** True for {@code env_names: ["*"]} (or absent). */
  public boolean appliesToAll() {
    return envNames.size() == 1 && ALL_ENVS.equals(envNames.get(0));
  }

  /** Canonical JSON of this document, for storage; {@link PolicyParser#parse} reads it back. */
  public String toJson() {
    return PolicyWriter.toJson(this);
  }

  private static void checkEnvNames(List<String> envNames) {
    if (envNames.contains(ALL_ENVS) && envNames.size() > 1) {
      throw PolicyException.at("env_names", "\"*\" cannot be combined with other environments");
    }
    for (int i = 0; i < envNames.size(); i++) {
      String env = envNames.get(i);
      if (!ALL_ENVS.equals(env) && !ENV.matcher(env).matches()) {
        throw PolicyException.at(
            "env_names[" + i + "]", "\"" + env + "\" (expected: \"*\" or " + ENV.pattern() + ")");
      }
      if (envNames.indexOf(env) != i) {
        throw PolicyException.at("env_names[" + i + "]", "\"" + env + "\" listed twice");
      }
    }
  }

  private static void checkRules(List<PolicyRule> rules) {
    if (rules.isEmpty()) {
      throw PolicyException.at("rules", "[] (expected: at least one rule)");
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      String id = rules.get(i).id();
      Integer first = seen.putIfAbsent(id, i);
      if (first != null) {
        throw PolicyException.at(
            "rules[" + i + "].id", "\"" + id + "\" duplicates rules[" + first + "].id");
      }
    }
  }
}
