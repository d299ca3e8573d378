package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.policies.PolicyDiff;
import dev.airlock.admin.store.Audit;
import dev.airlock.admin.store.AuditChange;
import dev.airlock.admin.store.Environment;
import dev.airlock.admin.store.EnvironmentRepository;
import dev.airlock.admin.store.StoredPolicy;
import dev.airlock.admin.store.ValidatedPolicy;
import dev.airlock.admin.store.PolicyValidator;
import dev.airlock.proxy.policy.PolicyException;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the policy handlers share: validating documents, the audit record of a policy change, the
 * diff of a candidate against what is in force, and which production environments a change
 * reaches (the CLI asks for confirmation before those).
 */
final class PolicyChanges {
  private final PolicyValidator validator;
  private final EnvironmentRepository environments;
  private final Views views;

  PolicyChanges(PolicyValidator validator, EnvironmentRepository environments, Views views) {
    this.validator = validator;
    this.environments = environments;
    this.views = views;
  }

  ValidatedPolicy validate(String text) {
    if (text.isBlank()) {
      throw ApiException.unprocessable("invalid_policy", "", "document is empty");
    }
    try {
      return validator.validate(text);
    } catch (PolicyException e) {
      throw ApiException.unprocessable("invalid_policy", e.path(), e.getMessage());
    }
  }

  /**
   * The audit record of a policy change; {@code extra} adds to the after state what the change
   * came from (the version rolled back to, the environment promoted from).
   */
  Audit<StoredPolicy> audit(String action, ValidatedPolicy policy, Consumer<ObjectNode> extra) {
    return (before, after) -> {
      ObjectNode afterView = after == null ? null : views.policy(after);
      if (afterView != null && extra != null) {
        extra.accept(afterView);
      }
      return new AuditChange(action, "policy", PolicySelector.targetId(policy.name(), policy.envNames()),
          PolicySelector.auditEnv(policy.envNames()), before == null ? null : views.policy(before), afterView);
    };
  }

  /** The audit record of deleting the policy whose current version is given. */
  Audit<StoredPolicy> deletion(StoredPolicy policy) {
    return (before, after) -> new AuditChange("policy.delete", "policy",
        PolicySelector.targetId(policy.name(), policy.envNames()), PolicySelector.auditEnv(policy.envNames()),
        views.policy(before), null);
  }

  /**
   * The diff from {@code current} (null: none) to {@code next}, with the versions compared and
   * the production environments {@code next} applies to.
   */
  ObjectNode diff(StoredPolicy current, ValidatedPolicy next, String nextLabel, Integer nextVersion) {
    String name = next.name();
    List<String> envNames = List.copyOf(new java.util.TreeSet<>(next.envNames()));
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("name", name);
    envNames.forEach(out.putArray("env_names")::add);
    if (current == null) {
      out.putNull("from_version");
    } else {
      out.put("from_version", current.version());
    }
    if (nextVersion == null) {
      out.putNull("to_version");
    } else {
      out.put("to_version", nextVersion);
    }
    ArrayNode production = out.putArray("production_envs");
    productionEnvs(envNames).forEach(production::add);
    out.setAll(PolicyDiff.between(current == null ? null : current.documentJson(), next.documentJson(),
        current == null ? name : name + " v" + current.version(), name + " " + nextLabel));
    return out;
  }

  /** The production environments among {@code envNames} ("*": every one). */
  List<String> productionEnvs(List<String> envNames) {
    boolean all = envNames.contains("*");
    return environments.list().stream()
        .filter(Environment::production)
        .map(Environment::slug)
        .filter(slug -> all || envNames.contains(slug))
        .toList();
  }
}
