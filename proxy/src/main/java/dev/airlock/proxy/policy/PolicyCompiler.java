package dev.airlock.proxy.policy;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Compiles environments and documents into a {@link PolicySnapshot}, checking the set as a whole. */
final class PolicyCompiler {
  private PolicyCompiler() {}

  /**
   * @throws PolicyException when an environment is listed twice, or two documents with the same
   *     name apply to one environment (their rule references would be ambiguous)
   */
  static PolicySnapshot compile(List<EnvironmentSettings> envs, List<PolicyDocument> docs) {
    checkEnvs(envs);
    checkNames(docs);
    // Each rule is compiled once and shared by the indexes of every environment it applies to.
    List<CompiledRule> all = new ArrayList<>();
    BodyIndex.Builder body = new BodyIndex.Builder();
    for (PolicyDocument doc : docs) {
      for (int i = 0; i < doc.rules().size(); i++) {
        if (doc.rules().get(i).enabled()) {
          all.add(new CompiledRule(doc, i, body));
        }
      }
    }
    all.sort(CompiledRule.ORDER);
    BodyIndex bodyIndex = body.build();
    Map<String, EnvIndex> indexes = new HashMap<>();
    for (EnvironmentSettings env : envs) {
      indexes.put(env.slug(), EnvIndex.build(env, select(all, env.slug()), bodyIndex));
    }
    // Environments the snapshot does not know still get the rules meant for every environment:
    // an agent in a misconfigured environment must not bypass "block secrets everywhere".
    EnvIndex unknown = EnvIndex.build(EnvironmentSettings.defaults("*"), select(all, null), bodyIndex);
    return new PolicySnapshot(indexes, unknown);
  }

  /** Rules applying to {@code env}, or only those for every environment when env is null. */
  private static List<CompiledRule> select(List<CompiledRule> ordered, String env) {
    List<CompiledRule> out = new ArrayList<>();
    for (CompiledRule rule : ordered) {
      if (env == null ? rule.document.appliesToAll() : rule.document.appliesTo(env)) {
        out.add(rule);
      }
    }
    return out;
  }

  private static void checkEnvs(List<EnvironmentSettings> envs) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < envs.size(); i++) {
      EnvironmentSettings env = requireNonNull(envs.get(i), "envs[" + i + "]");
      Integer first = seen.putIfAbsent(env.slug(), i);
      if (first != null) {
        throw PolicyException.at(
            "envs[" + i + "].slug", "\"" + env.slug() + "\" duplicates envs[" + first + "].slug");
      }
    }
  }

  private static void checkNames(List<PolicyDocument> docs) {
    Map<String, List<Integer>> byName = new HashMap<>();
    for (int i = 0; i < docs.size(); i++) {
      PolicyDocument doc = requireNonNull(docs.get(i), "documents[" + i + "]");
      List<Integer> same = byName.computeIfAbsent(doc.name(), n -> new ArrayList<>());
      for (int j : same) {
        String env = overlap(docs.get(j), doc);
        if (env != null) {
          throw PolicyException.at(
              "documents[" + i + "].env_names",
              "policy \"" + doc.name() + "\" already applies to environment \"" + env
                  + "\" (documents[" + j + "])");
        }
      }
      same.add(i);
    }
  }

  /** An environment both documents apply to ("*" for every one), or null. */
  private static String overlap(PolicyDocument a, PolicyDocument b) {
    if (a.appliesToAll()) {
      return b.envNames().get(0);
    }
    for (String env : a.envNames()) {
      if (b.appliesTo(env)) {
        return env;
      }
    }
    return null;
  }
}
