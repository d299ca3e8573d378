package dev.airlock.admin.http;

import dev.airlock.admin.store.PolicyRepository;
import dev.airlock.admin.store.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which policy {@code /policies/{name}/…} means. A policy is a name and the set of environments it
 * applies to; one name may exist once per env set. The query picks the set: {@code
 * env_names=staging,production} names it exactly, {@code env=E} picks the one that applies to E
 * (named or {@code "*"}), and without either the name must be unambiguous (for a key limited to
 * one environment: among the policies applying there).
 */
final class PolicySelector {
  private final PolicyRepository policies;

  PolicySelector(PolicyRepository policies) {
    this.policies = policies;
  }

  /** The env set of the policy {@code name} the request means; 404 when there is none it may see. */
  List<String> envNames(ApiRequest req, String name) {
    Principal who = req.principal();
    String notFound = "policy not found: " + name;
    String exact = req.param("env_names");
    if (exact != null) {
      List<String> envNames = parse(exact);
      Scopes.requireVisiblePolicy(who, envNames, notFound);
      if (!policies.envSetsOf(name).contains(envNames)) {
        throw ApiException.notFound(notFound + " with env_names " + envNames);
      }
      return envNames;
    }
    String env = req.param("env");
    if (env != null || !who.isTenantWide()) {
      env = Scopes.listEnv(who, env);
    }
    List<List<String>> candidates = new ArrayList<>();
    for (List<String> set : policies.envSetsOf(name)) {
      if (env == null || set.contains(env) || set.contains("*")) {
        candidates.add(set);
      }
    }
    if (candidates.isEmpty()) {
      throw ApiException.notFound(notFound + (env == null ? "" : " in environment " + env));
    }
    if (candidates.size() > 1) {
      throw ApiException.badRequest("ambiguous_policy", "env_names", "policy " + name
          + " exists for several environment sets " + candidates
          + "; choose one with env_names=… (comma-separated) or env=…");
    }
    return candidates.get(0);
  }

  /** A comma-separated env_names parameter as a sorted set. */
  static List<String> parse(String value) {
    TreeSet<String> names = new TreeSet<>();
    for (String part : value.split(",", -1)) {
      String env = part.strip();
      if (env.isEmpty()) {
        throw ApiException.badRequest("invalid_parameter", "env_names",
            "env_names: \"" + value + "\" (expected: comma-separated environment names, or *)");
      }
      names.add(env);
    }
    return List.copyOf(names);
  }

  /** The audit log's target id of a policy: its name and env set, e.g. {@code block-secrets@production}. */
  static String targetId(String name, List<String> envNames) {
    return name + "@" + PolicyRepository.envSet(envNames);
  }

  /** The environment an audit record of this policy belongs to: its one environment, else none. */
  static String auditEnv(List<String> envNames) {
    return envNames.size() == 1 && !envNames.get(0).equals("*") ? envNames.get(0) : null;
  }
}
