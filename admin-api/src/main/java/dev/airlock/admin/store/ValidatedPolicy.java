package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A policy document that passed validation, in the form the store keeps.
 *
 * @param name policy name
 * @param description description ("" when absent)
 * @param envNames environments it applies to ({@code ["*"]} for all)
 * @param documentJson canonical JSON of the document
 * @param ruleCount number of rules
 */
public record ValidatedPolicy(
    String name, String description, List<String> envNames, String documentJson, int ruleCount) {
  public ValidatedPolicy {
    requireNonNull(name, "name");
    description = description == null ? "" : description;
    envNames = List.copyOf(envNames);
    if (envNames.isEmpty()) {
      throw new IllegalArgumentException("envNames: [] (expected: at least one name or \"*\")");
    }
    requireNonNull(documentJson, "documentJson");
  }
}
