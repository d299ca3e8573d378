package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An environment as it was when deleted, with what was deleted along with it.
 *
 * @param environment the environment before the deletion
 * @param agentIds its (suspended) agents, removed with their keys
 * @param policyNames its single-environment policies, deleted (their versions are kept, marked deleted)
 * @param apiKeyIds the admin keys scoped to it, removed
 */
public record DeletedEnvironment(Environment environment, List<String> agentIds, List<String> policyNames,
    List<String> apiKeyIds) {
  public DeletedEnvironment {
    requireNonNull(environment, "environment");
    agentIds = List.copyOf(agentIds);
    policyNames = List.copyOf(policyNames);
    apiKeyIds = List.copyOf(apiKeyIds);
  }
}
