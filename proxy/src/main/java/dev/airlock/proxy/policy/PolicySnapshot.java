package dev.airlock.proxy.policy;

import java.util.List;
import java.util.Map;

/**
 * Everything the engine decides from, compiled and immutable: one index per known environment,
 * plus one for environments the snapshot does not know.
 */
final class PolicySnapshot {
  private final Map<String, EnvIndex> envs;
  private final EnvIndex unknownEnv;

  PolicySnapshot(Map<String, EnvIndex> envs, EnvIndex unknownEnv) {
    this.envs = Map.copyOf(envs);
    this.unknownEnv = unknownEnv;
  }

  static PolicySnapshot empty() {
    return new PolicySnapshot(Map.of(), EnvIndex.build(EnvironmentSettings.defaults("*"), List.of(), BodyIndex.EMPTY));
  }

  EnvIndex index(String env) {
    EnvIndex index = envs.get(env);
    return index != null ? index : unknownEnv;
  }

  EnvironmentSettings settings(String env) {
    EnvIndex index = envs.get(env);
    return index != null ? index.settings() : EnvironmentSettings.defaults(env);
  }
}
