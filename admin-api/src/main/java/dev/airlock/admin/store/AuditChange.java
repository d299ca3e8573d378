package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One change to record: what was done to which resource, with its state before and after (the
 * API's own view of it; null where there is none, e.g. before a creation). Never a secret: keys
 * and tokens appear by id only.
 *
 * @param action e.g. {@code environment.update}, {@code agent.key.revoke}, {@code policy.apply}
 * @param targetType e.g. {@code environment}, {@code agent}, {@code policy}, {@code api_key}
 * @param targetId the resource's id or slug
 * @param env the environment the resource belongs to, null for tenant-wide resources
 */
public record AuditChange(String action, String targetType, String targetId, String env, JsonNode before,
    JsonNode after) {
  public AuditChange {
    requireNonNull(action, "action");
    requireNonNull(targetType, "targetType");
    requireNonNull(targetId, "targetId");
  }
}
