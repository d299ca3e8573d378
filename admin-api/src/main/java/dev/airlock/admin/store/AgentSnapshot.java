package dev.airlock.admin.store;

import dev.airlock.proxy.spi.AgentIdentity;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An immutable view of every agent and every key that may authenticate, indexed by key hash.
 * Changes build a new snapshot ({@link #with}); readers never lock and never see a half-applied
 * change.
 */
final class AgentSnapshot {
  /** A key that may authenticate, with its answer built once instead of on every request. */
  static final class Entry {
    final AgentIdentity identity;
    final long expiresAtMillis;
    final CompletableFuture<Optional<AgentIdentity>> answer;

    private Entry(AgentIdentity identity, long expiresAtMillis) {
      this.identity = identity;
      this.expiresAtMillis = expiresAtMillis;
      this.answer = CompletableFuture.completedFuture(Optional.of(identity));
    }
  }

  static final AgentSnapshot EMPTY = new AgentSnapshot(Map.of(), Map.of(), Map.of());

  private final Map<String, DirectoryAgent> agents;
  private final Map<KeyHash, Entry> keys;
  /** Agent names with how many agents carry each (one per environment may). */
  private final Map<String, Integer> names;

  private AgentSnapshot(
      Map<String, DirectoryAgent> agents, Map<KeyHash, Entry> keys, Map<String, Integer> names) {
    this.agents = agents;
    this.keys = keys;
    this.names = names;
  }

  static AgentSnapshot of(Collection<DirectoryAgent> all) {
    int keyCount = all.stream().mapToInt(a -> a.keys().size()).sum();
    AgentSnapshot s =
        new AgentSnapshot(
            new HashMap<>(capacity(all.size())),
            new HashMap<>(capacity(keyCount)),
            new HashMap<>(capacity(all.size())));
    all.forEach(s::add);
    return s;
  }

  /**
   * This snapshot with the given agents replaced: {@code reloaded} holds their current state,
   * and an id of {@code ids} that it lacks no longer exists.
   */
  AgentSnapshot with(Collection<String> ids, Map<String, DirectoryAgent> reloaded) {
    AgentSnapshot s = new AgentSnapshot(new HashMap<>(agents), new HashMap<>(keys), new HashMap<>(names));
    // All removals first: a key that moved between two of these agents must end up with its new owner.
    ids.forEach(s::remove);
    for (String id : ids) {
      DirectoryAgent now = reloaded.get(id);
      if (now != null) {
        s.add(now);
      }
    }
    return s;
  }

  /** The entry for a key hash, or null. Expiry is the caller's to check. */
  Entry find(KeyHash hash) {
    return keys.get(hash);
  }

  boolean hasAgentNamed(String name) {
    return names.containsKey(name);
  }

  int agentCount() {
    return agents.size();
  }

  int keyCount() {
    return keys.size();
  }

  private void add(DirectoryAgent a) {
    remove(a.id());
    agents.put(a.id(), a);
    names.merge(a.name(), 1, Integer::sum);
    for (DirectoryAgent.Key k : a.keys()) {
      AgentIdentity identity = new AgentIdentity(a.id(), a.name(), k.id(), a.env(), a.runtimeType(), k.scope());
      keys.put(new KeyHash(k.hash()), new Entry(identity, k.expiresAtMillis()));
    }
  }

  private void remove(String id) {
    DirectoryAgent old = agents.remove(id);
    if (old == null) {
      return;
    }
    names.computeIfPresent(old.name(), (n, count) -> count == 1 ? null : count - 1);
    for (DirectoryAgent.Key k : old.keys()) {
      KeyHash hash = new KeyHash(k.hash());
      Entry e = keys.get(hash);
      if (e != null && e.identity.agentId().equals(id)) {
        keys.remove(hash);
      }
    }
  }

  private static int capacity(int entries) {
    return (int) Math.min(Integer.MAX_VALUE, entries * 4L / 3 + 16);
  }
}
