package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.Agent;
import dev.airlock.admin.store.AgentDetail;
import dev.airlock.admin.store.AgentKey;
import dev.airlock.admin.store.KeyRotation;
import dev.airlock.admin.store.MintedKey;
import java.time.Clock;
import java.time.Instant;

/**
 * JSON shapes of agents and their keys. A key's secret appears only in the answer that created it
 * ({@link #minted}); every other shape, the audit log's included, names keys by id.
 */
final class AgentViews {
  private final Views views;
  private final Clock clock;

  AgentViews(Views views, Clock clock) {
    this.views = views;
    this.clock = clock;
  }

  ObjectNode agent(Agent a) {
    return views.agent(a);
  }

  /** The agent with its keys' metadata. */
  ObjectNode detail(AgentDetail d) {
    ObjectNode n = agent(d.agent());
    ArrayNode keys = n.putArray("keys");
    d.keys().forEach(k -> keys.add(key(k)));
    return n;
  }

  ObjectNode key(AgentKey k) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", k.id());
    n.put("agent_id", k.agentId());
    n.put("kind", k.kind());
    n.put("status", k.status(Instant.now(clock)));
    n.put("created_at", time(k.createdAt()));
    n.put("last_used_at", time(k.lastUsedAt()));
    n.put("expires_at", time(k.expiresAt()));
    n.put("revoked_at", time(k.revokedAt()));
    if (k.isEphemeral()) {
      k.scopes().forEach(n.putArray("operations")::add);
      k.hosts().forEach(n.putArray("hosts")::add);
    }
    return n;
  }

  /** A new key with its secret: for the one answer that hands it out. */
  ObjectNode minted(MintedKey m) {
    ObjectNode n = key(m.key());
    n.put("secret", m.secret());
    return n;
  }

  /** A rotation as the audit log keeps it: both keys by id and state, no secret. */
  ObjectNode rotation(KeyRotation r) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.set("old_key", key(r.old()));
    n.set("new_key", r.replacement() == null ? null : key(r.replacement().key()));
    return n;
  }

  /** A rotation as its answer shows it: the new key's secret included, once. */
  ObjectNode rotated(KeyRotation r) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.set("old_key", key(r.old()));
    n.set("new_key", minted(r.replacement()));
    return n;
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
