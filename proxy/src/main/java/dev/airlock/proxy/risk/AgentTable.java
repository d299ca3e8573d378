package dev.airlock.proxy.risk;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Per-agent state, keyed by environment then agent name: two lookups, no key object per request.
 * Thread-safe; the values do their own locking.
 */
final class AgentTable<V> {
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, V>> byEnv = new ConcurrentHashMap<>();

  V get(String env, String agent) {
    Map<String, V> agents = byEnv.get(env);
    return agents == null ? null : agents.get(agent);
  }

  V getOrCreate(String env, String agent, Supplier<V> create) {
    V v = get(env, agent);
    if (v != null) {
      return v;
    }
    return byEnv.computeIfAbsent(env, e -> new ConcurrentHashMap<>()).computeIfAbsent(agent, a -> create.get());
  }

  void put(String env, String agent, V value) {
    byEnv.computeIfAbsent(env, e -> new ConcurrentHashMap<>()).put(agent, value);
  }

  void forEach(TriConsumer<V> each) {
    byEnv.forEach((env, agents) -> agents.forEach((agent, v) -> each.accept(env, agent, v)));
  }

  void forEachAgent(String env, BiConsumer<String, V> each) {
    Map<String, V> agents = byEnv.get(env);
    if (agents != null) {
      agents.forEach(each);
    }
  }

  interface TriConsumer<V> {
    void accept(String env, String agent, V value);
  }
}
