package dev.airlock.proxy.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fixed set of agent keys held in memory as SHA-256 hashes: for running the data plane without
 * the store (embedding, tests). Lookups never block.
 */
public final class StaticAgentDirectory implements AgentDirectory {
  private record Entry(byte[] keyHash, AgentIdentity identity) {}

  private final Map<String, Entry> byAgent = new ConcurrentHashMap<>();

  /** Registers (or replaces) the key of an agent. */
  public StaticAgentDirectory add(AgentIdentity identity, String key) {
    byAgent.put(identity.agentName(), new Entry(sha256(key), identity));
    return this;
  }

  public void remove(String agentName) {
    byAgent.remove(agentName);
  }

  @Override
  public CompletableFuture<Optional<AgentIdentity>> authenticate(String agentName, String key) {
    Entry e = byAgent.get(agentName);
    boolean ok = e != null && MessageDigest.isEqual(e.keyHash(), sha256(key));
    return CompletableFuture.completedFuture(ok ? Optional.of(e.identity()) : Optional.empty());
  }

  @Override
  public boolean isKnownAgent(String agentName) {
    return agentName != null && byAgent.containsKey(agentName);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
